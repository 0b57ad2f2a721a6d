using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpcBench;

/// <summary>Kestrel on loopback, HTTP/2 without TLS, with grpc-dotnet's <see cref="UnaryTestService"/>.</summary>
internal static class BenchServer
{
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Above Kestrel's default of 100 so that grpc-js clients, which keep to one connection, are not capped
            // by the server at higher concurrencies.
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<UnaryTestService>();
        await app.RunAsync();
    }
}

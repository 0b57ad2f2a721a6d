using System.Net;
using Atrium.Rpc;
using Atrium.Rpc.Server;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace RpcBench;

/// <summary>Kestrel on loopback, HTTP/2 without TLS, with <see cref="UnaryTestService"/> served through <c>AddAtriumGrpc</c>.</summary>
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
        // Served as the service modules serve theirs: error mapping interceptor, health, reflection on loopback.
        builder.Services.AddAtriumGrpc(new GrpcOptions(), [$"h2c://127.0.0.1:{port}"], TestService.Descriptor.FullName);
        var app = builder.Build();
        app.MapGrpcService<UnaryTestService>();
        app.MapAtriumGrpc();
        await app.RunAsync();
    }
}

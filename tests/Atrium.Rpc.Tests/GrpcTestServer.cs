using System.Net;
using Atrium.Rpc.Client;
using Atrium.Rpc.Server;
using Atrium.Testing;
using Grpc.Net.Client;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Tests;

/// <summary>
/// A <c>grpc.testing.TestService</c> implementation served the way service modules serve theirs (<c>AddAtriumGrpc</c>,
/// <c>MapAtriumGrpc</c>) on a real h2c listener at 127.0.0.1:0, with a readiness check the test controls and the
/// server's log entries kept.
/// </summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, Uri address, CapturingLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <param name="options">The <c>grpc</c> options; default as shipped.</param>
    /// <param name="listen">The listen address reflection's <c>auto</c> is judged by; the server binds 127.0.0.1:0 anyway.</param>
    /// <param name="readiness">What the readiness check answers; healthy when <see langword="null"/>.</param>
    /// <param name="methodScopes">With them, calls need a service token, verified as <paramref name="configure"/> registers.</param>
    /// <param name="configure">More services (a token verifier).</param>
    public static async Task<GrpcTestServer> StartAsync<TService>(
        GrpcOptions? options = null,
        string listen = "h2c://127.0.0.1:0",
        Func<HealthCheckResult>? readiness = null,
        IReadOnlyDictionary<string, string>? methodScopes = null,
        Action<IServiceCollection>? configure = null)
        where TService : TestService.TestServiceBase
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddHealthChecks().AddCheck("probe", () => readiness?.Invoke() ?? HealthCheckResult.Healthy());
        builder.Services.AddAtriumGrpc(options ?? new GrpcOptions(), [listen], methodScopes, TestService.Descriptor.FullName);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        app.MapAtriumGrpc();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GrpcTestServer(app, new Uri(address), logs);
    }

    /// <summary>A channel as the modules make them; the caller disposes it.</summary>
    public GrpcChannel CreateChannel() => GrpcChannels.Create(Address);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

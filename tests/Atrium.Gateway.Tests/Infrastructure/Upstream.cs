using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>A real Kestrel upstream on a loopback port chosen by the OS, with whatever endpoints a test maps.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>, for a cluster's <c>endpoints</c>.</summary>
    public string Address { get; }

    /// <summary>Starts an upstream; with <paramref name="https"/> it serves TLS (<c>https://</c> address) set up by it.</summary>
    public static async Task<Upstream> StartAsync(Action<WebApplication> map, bool http2Only = false, Action<HttpsConnectionAdapterOptions>? https = null)
    {
        // Telemetry first, so that the upstream's hosting picks up the process propagator and activity listener.
        _ = SharedTelemetry.Instance;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (https is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (https is not null)
                {
                    listen.UseHttps(https);
                }
            });
        });
        var app = builder.Build();
        app.UseWebSockets();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Upstream(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Long-running test requests (slow endpoints) are cut off; that is fine at teardown.
        }

        await _app.DisposeAsync();
    }
}

using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Forwarding;

/// <summary>
/// An echo upstream (plus <c>/hop-response</c>, which answers with hop-by-hop headers, and <c>/list-response</c>, with a
/// comma-separated <c>Vary</c>) behind two gateways: one that
/// trusts no proxy and one that trusts 127.0.0.1.
/// </summary>
public sealed class ForwardingFixture : IAsyncLifetime
{
    private Upstream? _upstream;

    internal Upstream Upstream => _upstream!;

    internal GatewayHost Untrusting { get; private set; } = null!;

    internal GatewayHost Trusting { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app =>
        {
            app.MapGet("/hop-response", context =>
            {
                context.Response.Headers.Connection = "X-Secret";
                context.Response.Headers["X-Secret"] = "connection-scoped";
                context.Response.Headers["Keep-Alive"] = "timeout=5";
                context.Response.Headers["X-Kept"] = "end-to-end";
                return context.Response.WriteAsync("ok");
            });
            app.MapGet("/list-response", context =>
            {
                context.Response.Headers.Vary = "Accept, Origin";
                return context.Response.WriteAsync("ok");
            });
            app.Map("/{**path}", EchoResponse.Write);
        });
        var routes = $$"""
            routes:
              - { id: preserve-host, match: { path: "/preserve/{**rest}" }, cluster: echo, preserveHost: true }
              - { id: all, match: { path: "/{**rest}" }, cluster: echo }
            clusters:
            {{RouteYaml.Cluster("echo", _upstream.Address)}}
            """;
        Untrusting = await GatewayHost.StartAsync(routes);
        Trusting = await GatewayHost.StartAsync("trustedProxies: [\"127.0.0.1\"]\n" + routes);
    }

    public async Task DisposeAsync()
    {
        await Untrusting.DisposeAsync();
        await Trusting.DisposeAsync();
        await _upstream!.DisposeAsync();
    }
}

using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Routing;

/// <summary>One echo upstream and a gateway with a route for every kind of match, each naming itself in <c>X-Route</c>.</summary>
public sealed class RoutingFixture : IAsyncLifetime
{
    private Upstream? _upstream;

    internal GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Run(EchoResponse.Write));
        Gateway = await GatewayHost.StartAsync($$"""
            routes:
            {{RouteYaml.Tagged("exact", "{ path: /r/exact }")}}
            {{RouteYaml.Tagged("template", "{ path: '/r/items/{id}' }")}}
            {{RouteYaml.Tagged("catch-all", "{ path: '/r/files/{**rest}' }")}}
            {{RouteYaml.Tagged("prefix", "{ pathPrefix: /api }")}}
            {{RouteYaml.Tagged("regex", "{ pathRegex: '^/re/[0-9]+$' }")}}
            {{RouteYaml.Tagged("host-exact", "{ path: /h, hosts: [api.example.com] }")}}
            {{RouteYaml.Tagged("host-wildcard", "{ path: /h, hosts: ['*.example.com'] }")}}
            {{RouteYaml.Tagged("host-any", "{ path: /h }")}}
            {{RouteYaml.Tagged("method-post", "{ path: /m, methods: [POST, PUT] }")}}
            {{RouteYaml.Tagged("method-any", "{ path: /m }")}}
            {{RouteYaml.Tagged("header-fallback", "{ path: '/hd/{**rest}' }")}}
            {{RouteYaml.Tagged("header-exact", "{ path: /hd/exact, headers: [{ name: X-Version, values: ['2', '3'] }] }")}}
            {{RouteYaml.Tagged("header-prefix", "{ path: /hd/prefix, headers: [{ name: X-Client, mode: prefix, values: [mobile-] }] }")}}
            {{RouteYaml.Tagged("header-regex", "{ path: /hd/regex, headers: [{ name: X-Tenant, mode: regex, values: ['^t[0-9]+$'] }] }")}}
            {{RouteYaml.Tagged("header-present", "{ path: /hd/present, headers: [{ name: X-Debug, mode: present }] }")}}
            {{RouteYaml.Tagged("header-absent", "{ path: /hd/absent, headers: [{ name: Authorization, mode: absent }] }")}}
            {{RouteYaml.Tagged("query-fallback", "{ path: '/q/{**rest}' }")}}
            {{RouteYaml.Tagged("query-exact", "{ path: /q/exact, query: [{ name: v, values: ['1'] }] }")}}
            {{RouteYaml.Tagged("specific-catch-all", "{ path: '/p/{**rest}' }")}}
            {{RouteYaml.Tagged("specific-exact", "{ path: /p/special }")}}
            {{RouteYaml.Tagged("order-exact", "{ path: /o/special }")}}
            {{RouteYaml.Tagged("order-catch-all", "{ path: '/o/{**rest}' }", extra: "  order: -1")}}
            clusters:
            {{RouteYaml.Cluster("echo", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _upstream!.DisposeAsync();
    }
}

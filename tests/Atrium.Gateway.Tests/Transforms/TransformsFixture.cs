using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Transforms;

/// <summary>An echo upstream that also sets response headers for the gateway to transform, and routes with transforms.</summary>
public sealed class TransformsFixture : IAsyncLifetime
{
    private Upstream? _upstream;

    internal GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Run(context =>
        {
            context.Response.Headers["X-Upstream-Secret"] = "s3cret";
            context.Response.Headers["X-Replace-Me"] = "upstream";
            context.Response.Headers["X-Multi"] = "upstream";
            return EchoResponse.Write(context);
        }));
        Gateway = await GatewayHost.StartAsync($$"""
            routes:
              - id: remove-prefix
                match: { path: "/strip/{**rest}" }
                cluster: echo
                transforms: { pathRemovePrefix: /strip }
              - id: add-prefix
                match: { pathPrefix: /add }
                cluster: echo
                transforms: { pathPrefix: /v1 }
              - id: remove-and-add
                match: { pathPrefix: /old }
                cluster: echo
                transforms: { pathRemovePrefix: /old, pathPrefix: /new/ }
              - id: template-catch-all
                match: { path: "/api/orders/{**rest}" }
                cluster: echo
                transforms: { pathTemplate: "/orders/{**rest}" }
              - id: template-params
                match: { path: "/api/users/{id}/profile/{section}" }
                cluster: echo
                transforms: { pathTemplate: "/profiles/{id}/{section}" }
              - id: headers
                match: { path: /headers }
                cluster: echo
                transforms:
                  requestHeaders:
                    remove: [X-Remove-Me, Cookie]
                    set: { X-Set: gateway, X-Overwrite: gateway }
                    append: { X-Append: gateway }
                  responseHeaders:
                    remove: [X-Upstream-Secret]
                    set: { X-Replace-Me: gateway }
                    append: { X-Multi: gateway }
              - id: original-path
                match: { path: "/orig/{**rest}" }
                cluster: echo
                transforms: { pathRemovePrefix: /orig, originalPathHeader: X-Original-Path }
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

using Atrium.Gateway.Configuration;
using Atrium.Gateway.Transforms;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// What the forwarder reads of the matched route: its config (the body size limit, whether the host is kept) and its
/// header transforms. The compiled route (<c>Routing/CompiledRoute</c>) derives from it, so that this folder does not
/// depend on routing.
/// </summary>
internal abstract class UpstreamRoute(RouteConfig config, RouteTransforms transforms)
{
    public RouteConfig Config { get; } = config;

    public string Id => Config.Id;

    public RouteTransforms Transforms { get; } = transforms;
}

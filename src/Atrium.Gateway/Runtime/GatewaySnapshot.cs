using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// Everything a request needs, built from one validated config and never changed: a reload builds a new snapshot and
/// swaps the reference, so a request sees one config from start to end.
/// </summary>
internal sealed class GatewaySnapshot(
    GatewayOptions options,
    RouteTable routes,
    IReadOnlyDictionary<string, ClusterState> clusters,
    ForwardedHeaders forwardedHeaders,
    ProxyPipeline pipeline)
{
    public GatewayOptions Options { get; } = options;

    public RouteTable Routes { get; } = routes;

    public IReadOnlyDictionary<string, ClusterState> Clusters { get; } = clusters;

    public ForwardedHeaders ForwardedHeaders { get; } = forwardedHeaders;

    public ProxyPipeline Pipeline { get; } = pipeline;
}

using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;

namespace Atrium.Gateway.Traffic;

/// <summary>Chooses the cluster of routes with <c>split</c> (sets <see cref="UpstreamExchange.Cluster"/>).</summary>
internal sealed class TrafficSplitStage(PolicyMetrics metrics) : IProxyStage
{
    public string Name => "traffic-split";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var splitter = context.Route!.Policies.Split as TrafficSplitter;
        if (splitter is null)
        {
            return next(context);
        }

        var cluster = splitter.Choose(context);
        context.Cluster = cluster;
        metrics.Decision(context.Route.Id, "split", cluster.Name);
        return next(context);
    }
}

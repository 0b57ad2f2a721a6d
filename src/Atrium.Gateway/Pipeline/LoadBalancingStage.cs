using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// Chooses the endpoint with the cluster's load-balancing policy among the endpoints that are healthy and not
/// ejected (and, on a retry, not tried yet when others are left). None left: 503 <c>UPSTREAM_UNAVAILABLE</c> at once.
/// </summary>
internal sealed class LoadBalancingStage : IProxyStage
{
    public string Name => "load-balancing";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var cluster = context.Cluster!;
        var candidates = cluster.AvailableEndpoints;
        if (context.Retry is { } retry)
        {
            candidates = retry.ExcludeTried(candidates);
        }

        context.Endpoint = candidates.Length switch
        {
            0 => null,
            1 => candidates[0],
            _ => cluster.LoadBalancer.Pick(context, candidates),
        };
        if (context.Endpoint is null)
        {
            context.Error = ForwarderError.NoEndpoint;
            return ValueTask.CompletedTask;
        }

        return next(context);
    }
}

using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>The candidate with the fewest requests in flight; the first such one on a tie.</summary>
internal sealed class LeastRequestsPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.LeastRequests;

    public EndpointState Pick(UpstreamExchange context, EndpointState[] candidates)
    {
        var best = candidates[0];
        var least = best.ActiveRequests;
        for (var i = 1; i < candidates.Length; i++)
        {
            var active = candidates[i].ActiveRequests;
            if (active < least)
            {
                best = candidates[i];
                least = active;
            }
        }

        return best;
    }
}

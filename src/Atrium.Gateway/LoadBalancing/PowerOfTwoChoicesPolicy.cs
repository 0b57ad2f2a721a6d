using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>
/// Two distinct candidates at random; the one with fewer requests in flight wins. Nearly as good as least-requests
/// without scanning every endpoint or herding onto the one that just became least loaded.
/// </summary>
internal sealed class PowerOfTwoChoicesPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.PowerOfTwoChoices;

    // Load spreading, not security.
#pragma warning disable CA5394
    public EndpointState Pick(UpstreamExchange context, EndpointState[] candidates)
    {
        var count = candidates.Length;
        var first = Random.Shared.Next(count);
        var second = Random.Shared.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = candidates[first];
        var b = candidates[second];
        return b.ActiveRequests < a.ActiveRequests ? b : a;
    }
#pragma warning restore CA5394
}

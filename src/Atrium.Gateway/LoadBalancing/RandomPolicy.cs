using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>A candidate at random.</summary>
internal sealed class RandomPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.Random;

    // Load spreading, not security.
#pragma warning disable CA5394
    public EndpointState Pick(ProxyContext context, EndpointState[] candidates) => candidates[Random.Shared.Next(candidates.Length)];
#pragma warning restore CA5394
}

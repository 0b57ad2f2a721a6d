using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>A candidate at random.</summary>
internal sealed class RandomPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.Random;

    // Load spreading, not security.
#pragma warning disable CA5394
    public EndpointState Pick(UpstreamExchange context, EndpointState[] candidates) => candidates[Random.Shared.Next(candidates.Length)];
#pragma warning restore CA5394
}

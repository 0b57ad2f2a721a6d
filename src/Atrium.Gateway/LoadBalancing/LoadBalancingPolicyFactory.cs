using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>Creates the policy a cluster's <c>loadBalancing.policy</c> names (validation has checked the name).</summary>
internal static class LoadBalancingPolicyFactory
{
    public static ILoadBalancingPolicy Create(LoadBalancingConfig config, IReadOnlyList<EndpointState> endpoints) => config.Policy switch
    {
        LoadBalancingPolicies.RoundRobin => new RoundRobinPolicy(),
        LoadBalancingPolicies.Random => new RandomPolicy(),
        LoadBalancingPolicies.LeastRequests => new LeastRequestsPolicy(),
        LoadBalancingPolicies.ConsistentHash => new ConsistentHashPolicy(config, endpoints),
        _ => new PowerOfTwoChoicesPolicy(),
    };
}

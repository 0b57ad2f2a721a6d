using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>Each candidate in turn.</summary>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    private int _next = -1;

    public string Name => LoadBalancingPolicies.RoundRobin;

    public EndpointState Pick(UpstreamExchange context, EndpointState[] candidates) =>
        candidates[(int)((uint)Interlocked.Increment(ref _next) % (uint)candidates.Length)];
}

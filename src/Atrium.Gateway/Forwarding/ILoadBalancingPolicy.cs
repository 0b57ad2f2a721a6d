using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Picks the endpoint for one request. One instance per cluster state (so a policy may keep its own counters); the
/// candidates are the endpoints that are healthy, not ejected and, on a retry, not yet tried. The policies are in
/// <c>LoadBalancing/</c>; whoever builds a <see cref="ClusterState"/> hands it their factory.
/// </summary>
internal interface ILoadBalancingPolicy
{
    /// <summary>The policy name (<see cref="LoadBalancingPolicies"/>).</summary>
    string Name { get; }

    /// <summary>Picks one of <paramref name="candidates"/>, which holds at least two endpoints.</summary>
    EndpointState Pick(UpstreamExchange context, EndpointState[] candidates);
}

using Atrium.Gateway.Aggregation;
using Atrium.Gateway.Authorization;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Runtime;

/// <summary>Compiles a route's policies that <see cref="RoutePolicies"/> holds by <see cref="IRoutePolicy"/>: external authorization and aggregation.</summary>
internal static class FeaturePolicies
{
    public static IReadOnlyList<IRoutePolicy> Compile(RouteConfig route, IReadOnlyDictionary<string, ClusterState> clusters, TimeProvider time)
    {
        if (route.ExtAuthz is null && route.Aggregate is null)
        {
            return [];
        }

        var policies = new List<IRoutePolicy>(2);
        if (route.ExtAuthz is { } authz)
        {
            policies.Add(new ExtAuthzPolicy(authz, authz.Cluster.Length > 0 ? clusters[authz.Cluster] : null, time));
        }

        if (route.Aggregate is { } aggregate)
        {
            // Validation ran these same compilers; a failure here is a bug, not bad input.
            var parameters = PathPattern.TryCreate(route.Match, out var path, out _) ? path!.ParameterNames : [];
            var parts = aggregate.Parts.Select(p =>
                AggregatePart.TryCreate(p, clusters[p.Cluster.Length > 0 ? p.Cluster : route.Cluster], parameters, out var part, out var error)
                    ? part!
                    : throw new InvalidOperationException($"route '{route.Id}' aggregate part '{p.Name}' passed validation but does not compile: {error}"));
            policies.Add(new AggregatePolicy(aggregate, [.. parts]));
        }

        return policies;
    }
}

using Atrium.Chassis.Configuration;
using Atrium.Gateway.Aggregation;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Rules of <c>routes[i].aggregate</c>: parts have unique names other than <c>errors</c>, known clusters and paths
/// whose parameters the route's path captures, and the route uses no policy that only a forwarded request has.
/// </summary>
internal static class AggregateValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (route.Aggregate is not { } aggregate)
            {
                continue;
            }

            var scope = new ConfigScope(context, $"routes[{i}]");
            foreach (var (key, used) in new[] { ("split", route.Split is not null), ("mirror", route.Mirror is not null), ("retry", route.Retry.Enabled) })
            {
                if (used)
                {
                    scope.AddError(key, "not used with aggregate: the gateway answers an aggregate route itself");
                }
            }

            var parameters = PathPattern.TryCreate(route.Match, out var path, out _) ? path!.ParameterNames : [];
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < aggregate.Parts.Count; j++)
            {
                var part = aggregate.Parts[j];
                var partScope = scope.Child("aggregate").Child("parts").Index(j);
                if (part.Name.Length > 0 && (part.Name is "errors" or "_partial" || !names.Add(part.Name)))
                {
                    partScope.AddError("name", part.Name == "errors" ? "'errors' is the answer's own property" : $"duplicate part name '{part.Name}'");
                }

                if (part.Cluster.Length > 0 && !options.Clusters.ContainsKey(part.Cluster))
                {
                    partScope.AddError("cluster", $"unknown cluster '{part.Cluster}'");
                }

                if (part.Path.Length > 0 && !AggregatePart.TryCreate(part, null, parameters, out _, out var error))
                {
                    partScope.AddError("path", error!);
                }
            }
        }
    }
}

using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Rules between a route's policies and the rest of the gateway section: split and mirror clusters exist, and the
/// schemes a route accepts are configured at the gateway level.
/// </summary>
internal static class RoutePolicyValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            var path = $"routes[{i}]";
            if (route.Split is { } split)
            {
                for (var j = 0; j < split.Backends.Count; j++)
                {
                    var cluster = split.Backends[j].Cluster;
                    if (cluster.Length > 0 && !options.Clusters.ContainsKey(cluster))
                    {
                        context.AddError($"{path}.split.backends[{j}].cluster", $"unknown cluster '{cluster}'");
                    }
                }
            }

            if (route.Mirror is { Cluster.Length: > 0 } mirror)
            {
                if (!options.Clusters.ContainsKey(mirror.Cluster))
                {
                    context.AddError($"{path}.mirror.cluster", $"unknown cluster '{mirror.Cluster}'");
                }
                else if (mirror.Cluster == route.Cluster)
                {
                    context.AddError($"{path}.mirror.cluster", "the mirror must not be the route's own cluster");
                }
            }

            if (route.Auth is { Require: AuthRequirement.Authenticated } auth)
            {
                if (auth.Schemes.Contains(AuthScheme.Jwt) && auth.Schemes.Count == 1 && options.Auth.Jwt is null)
                {
                    context.AddError($"{path}.auth.schemes", "scheme jwt needs gateway.auth.jwt");
                }

                if (auth.Schemes.Contains(AuthScheme.ApiKey) && auth.Schemes.Count == 1 && options.Auth.ApiKeys.Count == 0)
                {
                    context.AddError($"{path}.auth.schemes", "scheme apiKey needs gateway.auth.apiKeys");
                }

                if (options.Auth.Jwt is null && options.Auth.ApiKeys.Count == 0)
                {
                    context.AddError($"{path}.auth", "needs gateway.auth.jwt or gateway.auth.apiKeys");
                }
            }

            if (route.RateLimit is { Key: RateLimitKey.Subject or RateLimitKey.ApiKey } limit && route.Auth is not { Require: AuthRequirement.Authenticated })
            {
                context.AddError($"{path}.rateLimit.key", $"key: {limit.Key} needs the route's auth (require: authenticated)");
            }
        }
    }
}

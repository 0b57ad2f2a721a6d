using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Transforms;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Validates the <c>gateway</c> section with the rules that need the runtime (path patterns, host patterns, hop-by-hop
/// headers, signing keys), so that the config records stay data. Runs after the chassis's own checks, nested objects
/// first and in property order, as the chassis would have called them.
/// </summary>
internal static class GatewayOptionsValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        var root = new ConfigScope(context, "");
        AdminOptionsValidator.Validate(options.Admin, root.Child("admin"));
        TlsOptionsValidator.Validate(options.Tls, options.Listen, root.Child("tls"));
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = root.Child("routes").Index(i);
            RouteMatchValidator.Validate(options.Routes[i].Match, route.Child("match"));
            TransformsValidator.Validate(options.Routes[i].Transforms, route.Child("transforms"));
        }

        foreach (var (name, cluster) in options.Clusters)
        {
            UpstreamTlsValidator.Validate(cluster, root.Child("clusters").Key(name).Child("tls"));
            if (cluster.CircuitBreaker.Fallback is { } fallback)
            {
                CircuitBreakerFallbackValidator.Validate(fallback, root.Child("clusters").Key(name).Child("circuitBreaker").Child("fallback"));
            }
        }

        if (options.Auth.Jwt is { } jwt)
        {
            JwtOptionsValidator.Validate(jwt, root.Child("auth").Child("jwt"));
        }

        ValidateSection(options, context);
        RouteOverlapValidator.Validate(options.Routes, context);
        RoutePolicyValidator.Validate(options, context);
        RateLimitStoreValidator.Validate(options, context);
        LlmRoutingValidator.Validate(options, context);
        PluginValidator.Validate(options, context);
        ExtAuthzValidator.Validate(options, context);
        AggregateValidator.Validate(options, context);
    }

    private static void ValidateSection(GatewayOptions options, ConfigValidationContext context)
    {
        ListenAddress.ValidateAll(options.Listen, "listen", context);
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.TrustedProxies[i], out _) && !System.Net.IPAddress.TryParse(options.TrustedProxies[i], out _))
            {
                context.AddError($"trustedProxies[{i}]", $"'{options.TrustedProxies[i]}' is not an IP address or CIDR range");
            }
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (!string.IsNullOrEmpty(route.Id) && !ids.TryAdd(route.Id, i))
            {
                context.AddError($"routes[{i}].id", $"duplicate route id '{route.Id}' (also routes[{ids[route.Id]}])");
            }

            if (!string.IsNullOrEmpty(route.Cluster) && !options.Clusters.ContainsKey(route.Cluster))
            {
                context.AddError($"routes[{i}].cluster", $"unknown cluster '{route.Cluster}'");
            }

            // The template's parameters must come from the route's own path, which TransformsValidator does not see.
            var template = route.Transforms.PathTemplate;
            if (template.Length > 0 && PathTemplateRenderer.IsValid(template, out _)
                && PathPattern.TryCreate(route.Match, out var path, out _)
                && !PathTemplateRenderer.TryCreate(template, path!.ParameterNames, out _, out var templateError))
            {
                context.AddError($"routes[{i}].transforms.pathTemplate", templateError!);
            }
        }
    }
}

using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The <c>gateway</c> section of <c>atrium.yaml</c>. Routes, clusters and trusted proxies reload without a restart:
/// a change is validated whole and swapped atomically; listener addresses and limits are read at start.
/// </summary>
public sealed class GatewayOptions : IValidatableConfig
{
    /// <summary>The config section name.</summary>
    public const string Section = "gateway";

    /// <summary>Public listeners (see <see cref="ListenAddress"/>). Default <c>http://0.0.0.0:8080</c>.</summary>
    public List<string> Listen { get; set; } = ["http://0.0.0.0:8080"];

    /// <summary>The admin API.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Request limits of the public listeners.</summary>
    public ListenerLimitsOptions Limits { get; set; } = new();

    /// <summary>Certificate for <c>https://</c> listeners.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Addresses or CIDR ranges of proxies in front of the gateway whose <c>X-Forwarded-*</c> headers are trusted and
    /// extended. From anyone else those headers are replaced. Default none.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Route rules; the most specific match wins (see <c>docs/gateway.md</c>). Default none.</summary>
    public List<RouteConfig> Routes { get; set; } = [];

    /// <summary>Upstream clusters by name. Default none.</summary>
    public Dictionary<string, ClusterConfig> Clusters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>JWT and API-key verification, used by routes with <c>auth</c>.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>
    /// Most requests in flight across all routes; more are shed at once with 503 <c>OVERLOADED</c>. 0 means no limit.
    /// Default 0.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000_000)]
    public int GlobalConcurrencyLimit { get; set; }

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ListenAddress.ValidateAll(Listen, "listen", context);
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(TrustedProxies[i], out _) && !System.Net.IPAddress.TryParse(TrustedProxies[i], out _))
            {
                context.AddError($"trustedProxies[{i}]", $"'{TrustedProxies[i]}' is not an IP address or CIDR range");
            }
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Routes.Count; i++)
        {
            var route = Routes[i];
            if (!string.IsNullOrEmpty(route.Id) && !ids.TryAdd(route.Id, i))
            {
                context.AddError($"routes[{i}].id", $"duplicate route id '{route.Id}' (also routes[{ids[route.Id]}])");
            }

            if (!string.IsNullOrEmpty(route.Cluster) && !Clusters.ContainsKey(route.Cluster))
            {
                context.AddError($"routes[{i}].cluster", $"unknown cluster '{route.Cluster}'");
            }

            // The template's parameters must come from the route's own path; TransformsConfig cannot see the match.
            var template = route.Transforms.PathTemplate;
            if (template.Length > 0 && PathTemplateRenderer.IsValid(template, out _)
                && PathPattern.TryCreate(route.Match, out var path, out _)
                && !PathTemplateRenderer.TryCreate(template, path!.ParameterNames, out _, out var templateError))
            {
                context.AddError($"routes[{i}].transforms.pathTemplate", templateError!);
            }
        }

        RouteOverlapValidator.Validate(Routes, context);
        RoutePolicyValidator.Validate(this, context);
    }
}

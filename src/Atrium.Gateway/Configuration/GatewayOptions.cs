using Atrium.Chassis.Hosting;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The <c>gateway</c> section of <c>atrium.yaml</c>. Routes, clusters and trusted proxies reload without a restart:
/// a change is validated whole and swapped atomically; listener addresses and limits are read at start. The rules that
/// need the runtime are the section's validator, registered with it by <c>GatewayModule.AddGatewaySection</c>.
/// </summary>
public sealed class GatewayOptions
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

    /// <summary>The Redis shared by routes with <c>rateLimit.store: redis</c>.</summary>
    public RedisOptions Redis { get; set; } = new();
    /// <summary>proxy-wasm filters run on every route's requests, before the route's own, in order. Default none.</summary>
    public List<PluginConfig> Plugins { get; set; } = [];
}

using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>A named set of upstream endpoints and how to talk to them (<c>gateway.clusters.NAME</c>).</summary>
public sealed class ClusterConfig : IValidatableConfig
{
    /// <summary>Upstream base addresses, e.g. <c>http://127.0.0.1:8104</c>. At least one.</summary>
    [MinItems(1, ErrorMessage = "needs at least one endpoint")]
    public List<string> Endpoints { get; set; } = [];

    /// <summary>
    /// Upstream HTTP version: <c>1.1</c> or <c>2</c> (over <c>http://</c> that is h2c with prior knowledge, as gRPC
    /// upstreams expect). Default <c>1.1</c>.
    /// </summary>
    [AllowedValues("1.1", "2")]
    public string HttpVersion { get; set; } = "1.1";

    /// <summary>
    /// Whether another version may be used: <c>exact</c>, <c>orLower</c> (fall back, e.g. ALPN offering only
    /// HTTP/1.1) or <c>orHigher</c>. Default <c>exact</c>.
    /// </summary>
    public UpstreamVersionPolicy VersionPolicy { get; set; } = UpstreamVersionPolicy.Exact;

    /// <summary>Most connections per endpoint; 0 means no limit. With HTTP/2, more connections open when streams run out. Default 0.</summary>
    [Range(0, 100_000)]
    public int MaxConnectionsPerEndpoint { get; set; }

    /// <summary>How long an idle upstream connection is kept for reuse. Default 90 s.</summary>
    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long to wait for a TCP (and TLS) connection to an endpoint. Default 5 s.</summary>
    [DurationRange("00:00:00.001", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Verification and client certificate for <c>https://</c> endpoints; the system trust store by default.</summary>
    public UpstreamTlsConfig Tls { get; set; } = new();

    /// <summary>How an endpoint is picked per request. Default power-of-two-choices.</summary>
    public LoadBalancingConfig LoadBalancing { get; set; } = new();

    /// <summary>Active probes (off by default) and passive outlier detection (on by default).</summary>
    public HealthCheckConfig HealthCheck { get; set; } = new();

    /// <summary>The cluster's circuit breaker. On by default.</summary>
    public CircuitBreakerConfig CircuitBreaker { get; set; } = new();

    /// <summary>Most requests in flight to the cluster; more get 503 <c>OVERLOADED</c>. 0 means no limit. Default 0.</summary>
    [Range(0, 10_000_000)]
    public int MaxConcurrentRequests { get; set; }

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            if (!Uri.TryCreate(Endpoints[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
            {
                context.AddError($"endpoints[{i}]", $"'{Endpoints[i]}' is not an absolute http or https address");
            }
        }
    }
}

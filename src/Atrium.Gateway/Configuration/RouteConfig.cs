using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>One route rule (<c>gateway.routes[i]</c>): what it matches, how the request is changed, where it goes.</summary>
public sealed class RouteConfig
{
    /// <summary>A unique id, used in logs, metrics and the admin API. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "must be letters, digits, '.', '_' or '-'")]
    public string Id { get; set; } = "";

    /// <summary>
    /// Explicit precedence: lower runs first and beats any specificity. Default 0; routes with the same order are
    /// ranked by specificity (see <c>docs/gateway.md</c>).
    /// </summary>
    public int Order { get; set; }

    /// <summary>What the request must look like.</summary>
    public RouteMatchConfig Match { get; set; } = new();

    /// <summary>The cluster the request goes to. Required; a key of <c>gateway.clusters</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cluster { get; set; } = "";

    /// <summary>
    /// How long the upstream may take to send its response headers; then 504 <c>UPSTREAM_TIMEOUT</c>. Bodies stream
    /// without this limit. A gRPC caller's shorter <c>grpc-timeout</c> wins. On an aggregate route it bounds every part
    /// together, bodies included. Default 30 s.
    /// </summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body in bytes; larger gets 413 <c>PAYLOAD_TOO_LARGE</c>. 0 means no limit. Default 30 MiB.</summary>
    [Range(0, long.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 30 * 1024 * 1024;

    /// <summary>Send the client's <c>Host</c> upstream instead of the endpoint's. Default false.</summary>
    public bool PreserveHost { get; set; }

    /// <summary>
    /// Accept an encoded slash (<c>%2F</c>) inside a path segment and forward it encoded. Off by default: such a path
    /// is refused with 400 <c>BAD_REQUEST</c>, since back ends disagree on whether <c>a%2Fb</c> is one segment or two.
    /// </summary>
    public bool AllowEncodedSlashes { get; set; }

    /// <summary>Path and header changes.</summary>
    public TransformsConfig Transforms { get; set; } = new();

    /// <summary>Retries to other endpoints. Off by default.</summary>
    public RetryConfig Retry { get; set; } = new();

    /// <summary>Who may call the route. Default none: anonymous.</summary>
    public RouteAuthConfig? Auth { get; set; }

    /// <summary>Requests per window and key. Default none: unlimited.</summary>
    public RateLimitConfig? RateLimit { get; set; }

    /// <summary>Cross-origin access. Default none: the gateway adds no CORS headers and forwards preflights.</summary>
    public CorsConfig? Cors { get; set; }

    /// <summary>Weighted split across clusters (canary). Default none: every request goes to <see cref="Cluster"/>.</summary>
    public SplitConfig? Split { get; set; }

    /// <summary>Shadow traffic to another cluster. Default none.</summary>
    public MirrorConfig? Mirror { get; set; }

    /// <summary>Injected delays and errors. Default none.</summary>
    public FaultsConfig? Faults { get; set; }

    /// <summary>Routing by the body's <c>model</c>, fallback and token budgets for OpenAI-compatible APIs. Default none.</summary>
    public LlmRoutingConfig? Llm { get; set; }
    /// <summary>proxy-wasm filters run on this route's requests after the gateway-wide <c>plugins</c>, in order. Default none.</summary>
    public List<PluginConfig> Plugins { get; set; } = [];

    /// <summary>Attribute rules and an external authorization service. Default none.</summary>
    public ExtAuthzConfig? ExtAuthz { get; set; }

    /// <summary>
    /// Answers the route with one JSON object composed from several upstream calls; <see cref="Cluster"/> is then the
    /// parts' default cluster. Default none: the route forwards.
    /// </summary>
    public AggregateConfig? Aggregate { get; set; }
}

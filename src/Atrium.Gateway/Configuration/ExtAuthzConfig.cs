using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// External authorization of a route (<c>gateway.routes[i].extAuthz</c>), with Envoy's ext_authz HTTP semantics:
/// <see cref="Rules"/> decide first (first match wins); a request no rule matched goes to the authorization service in
/// <see cref="Cluster"/>, or is denied when there is none. The service answers a copy of the request (method, path,
/// allowed headers, the verified identity): a 2xx allows and its allowed headers go upstream, a 5xx or no answer is a
/// failure (<see cref="FailOpen"/>), anything else denies with the service's status and body.
/// </summary>
public sealed class ExtAuthzConfig : IValidatableConfig
{
    /// <summary>The authorization service, a key of <c>gateway.clusters</c>. Default none: the rules alone decide.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>Prepended to the request's path in the call to the service (e.g. <c>/check</c>). Default none.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>How long the service may take to answer, body included; then it has failed. Default 200 ms.</summary>
    [DurationRange("00:00:00.001", "00:01:00", ErrorMessage = "must be between 1ms and 1m")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Let the request through when the service fails (timeout, unreachable, 5xx, oversized answer). Default false.</summary>
    public bool FailOpen { get; set; }

    /// <summary>
    /// The answer when the service fails and <see cref="FailOpen"/> is false: 403 (<c>FORBIDDEN</c>, Envoy's default) or
    /// 503 (<c>UPSTREAM_UNAVAILABLE</c>). Default 403.
    /// </summary>
    [AllowedValues(403, 503, ErrorMessage = "must be 403 or 503")]
    public int StatusOnError { get; set; } = 403;

    /// <summary>Request headers sent to the service besides <c>Authorization</c>, which always goes. Default none.</summary>
    public List<string> AllowedRequestHeaders { get; set; } = [];

    /// <summary>Headers of an allowing answer set on the upstream request (replacing the client's). Default none.</summary>
    public List<string> AllowedUpstreamHeaders { get; set; } = [];

    /// <summary>
    /// Headers of a denying answer sent to the client besides <c>Content-Type</c>. Default <c>WWW-Authenticate</c> and
    /// <c>Location</c>.
    /// </summary>
    public List<string> AllowedClientHeaders { get; set; } = ["WWW-Authenticate", "Location"];

    /// <summary>Largest denial body passed to the client, in bytes; a larger one is a failure of the service. Default 64 KiB.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBodySize { get; set; } = 64 * 1024;

    /// <summary>
    /// Most bytes (names and values) of the allowed headers taken from one answer; more is a failure of the service.
    /// Default 8 KiB.
    /// </summary>
    [Range(1, 64 * 1024)]
    public int MaxResponseHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>Decisions of the service kept for a while. Off by default.</summary>
    public ExtAuthzCacheConfig Cache { get; set; } = new();

    /// <summary>Attribute rules, evaluated in order before any call; the first that matches decides. Default none.</summary>
    public List<AuthzRuleConfig> Rules { get; set; } = [];

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Cluster.Length == 0 && Rules.Count == 0)
        {
            context.AddError("cluster", "needs a cluster, rules or both");
        }

        if (PathPrefix.Length > 0 && (PathPrefix[0] != '/' || PathPrefix.EndsWith('/') || PathPrefix.Contains('?', StringComparison.Ordinal)))
        {
            context.AddError("pathPrefix", "must start with '/' and end without '/' or a query");
        }
    }
}

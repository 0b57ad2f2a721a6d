using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The Redis that routes with <c>rateLimit.store: redis</c> share (<c>gateway.redis</c>). Reloadable: a change
/// reconnects and starts the shared counts afresh.
/// </summary>
public sealed class RedisOptions : IValidatableConfig
{
    /// <summary>Servers as <c>host:port</c>. Default none; required when a route uses <c>store: redis</c>.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>The <c>AUTH</c> password, or a secret reference (<c>${env:...}</c>, <c>${file:...}</c>). Default none. Redacted by the admin API.</summary>
    [Secret]
    public string Password { get; set; } = "";

    /// <summary>Connect with TLS, verifying the server against the OS trust store. Default false.</summary>
    public bool Tls { get; set; }

    /// <summary>
    /// The longest a request waits on Redis (connect or decision); past it the request is decided locally and Redis
    /// counts as down. Default 250 ms.
    /// </summary>
    [DurationRange("00:00:00.010", "00:00:10", ErrorMessage = "must be between 10ms and 10s")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a Redis that failed is left alone (requests decided locally) before one request tries it again, and
    /// how often the gateway sends Redis a <c>PING</c> without traffic, so <c>/readyz</c> follows it. Default 5 s.
    /// </summary>
    [DurationRange("00:00:00.010", "00:10:00", ErrorMessage = "must be between 10ms and 10m")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many gateway replicas share the limits: while Redis is down each enforces <c>limit / replicas</c> (at
    /// least 1) locally. Default 1.
    /// </summary>
    [Range(1, 10_000)]
    public int Replicas { get; set; } = 1;

    /// <summary>Prefix of every key, before <c>route:partition</c>. Default <c>atrium:ratelimit:</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyPrefix { get; set; } = "atrium:ratelimit:";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                || endpoint.AsSpan(0, colon).ContainsAny(" /@"))
            {
                context.AddError($"endpoints[{i}]", $"'{endpoint}' is not host:port");
            }
        }
    }
}

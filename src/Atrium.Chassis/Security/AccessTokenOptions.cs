using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Security;

/// <summary>
/// How a service verifies the bearer access tokens identity issues (the <c>auth</c> key of a service's section).
/// Read at start.
/// </summary>
public sealed class AccessTokenOptions : IValidatableConfig
{
    /// <summary>
    /// Where identity publishes its signing keys: <c>https://</c>, or <c>http://</c> to loopback (127.0.0.0/8, ::1,
    /// <c>localhost</c>) unless <see cref="AllowInsecureJwksUrl"/>. Default <c>http://127.0.0.1:8101/.well-known/jwks.json</c>.
    /// </summary>
    public string JwksUrl { get; set; } = "http://127.0.0.1:8101/.well-known/jwks.json";

    /// <summary>
    /// Accepts a <see cref="JwksUrl"/> over plain <c>http://</c> to a host that is not loopback, where anyone on the
    /// path could swap the keys (e.g. inside a trusted network with no TLS). Default <see langword="false"/>.
    /// </summary>
    public bool AllowInsecureJwksUrl { get; set; }

    /// <summary>The required <c>iss</c>. Default <c>atrium</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Issuer { get; set; } = "atrium";

    /// <summary>The required <c>aud</c>. Default <c>atrium</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "atrium";

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c> between clocks. Default 30 s.</summary>
    [DurationRange("00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The shortest time between two JWKS fetches caused by tokens with an unknown <c>kid</c>, so forged tokens
    /// cannot make the service hammer identity. Default 30 s.
    /// </summary>
    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan JwksRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Uri.TryCreate(JwksUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            context.AddError("jwksUrl", $"'{JwksUrl}' is not an absolute http:// or https:// URL");
            return;
        }

        JwksUrlRule.Validate(context, "jwksUrl", url, AllowInsecureJwksUrl);
    }
}

using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Security;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// JWT bearer validation (<c>gateway.auth.jwt</c>): RS256 and ES256 only (never <c>none</c> or HS*), issuer,
/// audience and lifetime checked. Keys come from <see cref="JwksUrl"/> or from <see cref="SigningKeys"/>, not both.
/// </summary>
public sealed class JwtOptions : IValidatableConfig
{
    /// <summary>The required <c>iss</c>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Issuer { get; set; } = "";

    /// <summary>Accepted <c>aud</c> values; a token needs one of them. At least one.</summary>
    [MinItems(1, ErrorMessage = "needs at least one audience")]
    public List<string> Audiences { get; set; } = [];

    /// <summary>
    /// Where the signing keys are published (a JWKS document). Fetched on first use, refreshed after
    /// <see cref="JwksCacheDuration"/> and when a token names an unknown <c>kid</c>. <c>https://</c>, or <c>http://</c>
    /// to loopback (127.0.0.0/8, ::1, <c>localhost</c>) unless <see cref="AllowInsecureJwksUrl"/>. Default none.
    /// </summary>
    public string JwksUrl { get; set; } = "";

    /// <summary>
    /// Accepts a <see cref="JwksUrl"/> over plain <c>http://</c> to a host that is not loopback, where anyone on the
    /// path could swap the keys (e.g. inside a trusted network with no TLS). Default <see langword="false"/>.
    /// </summary>
    public bool AllowInsecureJwksUrl { get; set; }

    /// <summary>Static public keys (PEM) with their <c>kid</c>, instead of <see cref="JwksUrl"/>. Default none.</summary>
    public List<SigningKeyConfig> SigningKeys { get; set; } = [];

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c> between clocks. Default 30 s.</summary>
    [DurationRange("00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Least time between two JWKS fetches caused by unknown <c>kid</c>s, so forged tokens cannot make the gateway
    /// hammer the key server. Default 30 s.
    /// </summary>
    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan JwksRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long fetched keys are used before they are fetched again (in the background). Default 10 min.</summary>
    [DurationRange("00:00:01", "1.00:00:00")]
    public TimeSpan JwksCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Tokens remembered as valid (until their expiry, at most <see cref="JwksCacheDuration"/>) so that a repeated
    /// token is not verified again. 0 turns the cache off. Default 10000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int TokenCacheSize { get; set; } = 10_000;

    /// <inheritdoc />
    /// <remarks>Whether each PEM key loads is checked by <c>Validation/JwtOptionsValidator</c>, which may use the key loader.</remarks>
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if ((JwksUrl.Length > 0) == (SigningKeys.Count > 0))
        {
            context.AddError("", "set exactly one of jwksUrl and signingKeys");
        }

        if (JwksUrl.Length > 0)
        {
            if (!Uri.TryCreate(JwksUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                context.AddError("jwksUrl", $"'{JwksUrl}' is not an absolute http or https address");
            }
            else
            {
                JwksUrlRule.Validate(context, "jwksUrl", uri, AllowInsecureJwksUrl);
            }
        }

        var kids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SigningKeys.Count; i++)
        {
            var key = SigningKeys[i];
            if (key.Kid.Length > 0 && !kids.TryAdd(key.Kid, i))
            {
                context.AddError($"signingKeys[{i}].kid", $"duplicate kid '{key.Kid}' (also signingKeys[{kids[key.Kid]}])");
            }
        }
    }
}

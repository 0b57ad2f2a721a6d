using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>
/// The one verifier of identity's tokens, used by the gateway, the services and identity: RS256 or ES256 only
/// (<c>alg: none</c>, HS* and anything else are refused before any key is looked at, so a public key can never be used
/// as an HMAC secret), the token kind of <see cref="TokenVerifierSettings.Kind"/>, a signature by a key of the token's
/// <c>kid</c> from <paramref name="keys"/> (every key for a token without one), issuer, audience, and
/// <c>exp</c>/<c>nbf</c> through <paramref name="time"/> with the clock skew. <paramref name="principal"/> turns a valid
/// token into the host's caller or says why it cannot. A token that passed is remembered (bounded) until it expires,
/// so a client reusing its token costs a lookup instead of a signature check.
/// </summary>
internal sealed class TokenVerifier<T>(
    TokenVerifierSettings settings,
    ISigningKeySource keys,
    TimeProvider time,
    Func<JsonWebToken, (T? Principal, string? Reason)> principal)
    where T : class
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly ValidatedTokenCache<T> _cache = new(time, settings.CacheSize);
    private readonly TokenValidationParameters _parameters = new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudiences = settings.Audiences,
        ValidAlgorithms = TokenChecks.Algorithms,
        IssuerSigningKeyResolver = (_, _, kid, _) => keys.Current.Find(kid),
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = TokenChecks.Lifetime(time, settings.ClockSkew),
        ClockSkew = settings.ClockSkew,
        TryAllIssuerSigningKeys = false,
    };

    /// <summary>Where the keys come from.</summary>
    public ISigningKeySource Keys => keys;

    /// <summary>The caller of a valid token, or <see langword="null"/> with the reason it was refused (a fixed phrase, never token contents).</summary>
    public async ValueTask<(T? Principal, string? Reason)> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (_cache.Get(token) is { } cached)
        {
            return (cached, null);
        }

        if (TokenChecks.Read(token) is not { } jwt)
        {
            return (null, "malformed token");
        }

        if (Array.IndexOf(TokenChecks.Algorithms, jwt.Alg) < 0)
        {
            return (null, "signing algorithm not allowed");
        }

        if (ServiceTokens.IsServiceTokenType(jwt.Typ) != (settings.Kind == TokenKind.Service))
        {
            return (null, settings.WrongKindReason);
        }

        await keys.EnsureAsync(jwt.Kid is { Length: > 0 } kid ? kid : null, cancellationToken).ConfigureAwait(false);
        var result = await Handler.ValidateTokenAsync(jwt, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, TokenChecks.Reason(result.Exception));
        }

        var (caller, reason) = principal(jwt);
        if (caller is null)
        {
            return (null, reason);
        }

        var until = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).Add(settings.ClockSkew);
        if (settings.CacheFor is { } cacheFor && time.GetUtcNow().Add(cacheFor) < until)
        {
            until = time.GetUtcNow().Add(cacheFor);
        }

        _cache.Add(token, caller, until);
        return (caller, null);
    }
}

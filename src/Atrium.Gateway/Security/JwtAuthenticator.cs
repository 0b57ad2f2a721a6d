using System.Collections.Concurrent;
using Atrium.Gateway.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Gateway.Security;

/// <summary>
/// Validates bearer JWTs: RS256 or ES256 only (<c>alg: none</c>, HS* and anything else are refused before any key is
/// looked at, so a public key can never be used as an HMAC secret), signature by a key of the token's <c>kid</c>,
/// issuer, audience, and <c>exp</c>/<c>nbf</c> (both required to be sane, with clock skew). Tokens that validated
/// are remembered until they expire (at most the JWKS cache duration), so a client reusing its token costs one
/// dictionary lookup instead of a signature check.
/// </summary>
internal sealed class JwtAuthenticator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;
    private readonly TimeSpan _cacheFor;
    private readonly int _cacheSize;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);

    public JwtAuthenticator(JwtOptions options, SigningKeyStore keys, TimeProvider time)
    {
        Keys = keys;
        _time = time;
        _skew = options.ClockSkew;
        _cacheFor = options.JwksCacheDuration;
        _cacheSize = options.TokenCacheSize;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudiences = options.Audiences,
            ValidAlgorithms = Algorithms,
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = ValidateLifetime,
            ClockSkew = options.ClockSkew,
            TryAllIssuerSigningKeys = false,
        };
    }

    public SigningKeyStore Keys { get; }

    public async ValueTask<AuthResult> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (_cacheSize > 0 && _cache.TryGetValue(token, out var cached))
        {
            if (_time.GetUtcNow() < cached.Until)
            {
                return new AuthResult(cached.Identity, null);
            }

            _cache.TryRemove(token, out _);
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthResult.Fail("malformed token");
        }

        if (Array.IndexOf(Algorithms, jwt.Alg) < 0)
        {
            return AuthResult.Fail("signing algorithm not allowed");
        }

        if (Chassis.Security.ServiceTokens.IsServiceTokenType(jwt.Typ))
        {
            // Identity's service tokens are for the internal gRPC APIs: one must never pass as a user at the edge,
            // whatever audiences an operator configures here.
            return AuthResult.Fail("a service token is not accepted at the edge");
        }

        await Keys.EnsureAsync(jwt.Kid is { Length: > 0 } kid ? kid : null, cancellationToken).ConfigureAwait(false);
        var result = await Handler.ValidateTokenAsync(jwt, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthResult.Fail(Describe(result.Exception));
        }

        var identity = CreateIdentity(jwt);
        if (identity is null)
        {
            return AuthResult.Fail("token subject or roles cannot be sent upstream");
        }

        if (_cacheSize > 0)
        {
            if (_cache.Count >= _cacheSize)
            {
                // Crude but bounded: a full cache starts over rather than tracking recency per hit.
                _cache.Clear();
            }

            var until = jwt.ValidTo.Add(_skew);
            var limit = _time.GetUtcNow().Add(_cacheFor).UtcDateTime;
            _cache[token] = new CachedToken(identity, new DateTimeOffset(until < limit ? until : limit, TimeSpan.Zero));
        }

        return new AuthResult(identity, null);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("no exp");
        }

        if (expires.Value.Add(_skew) < now)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expires.Value };
        }

        if (notBefore is { } nbf && nbf.Subtract(_skew) > now)
        {
            throw new SecurityTokenNotYetValidException("not yet valid") { NotBefore = nbf };
        }

        return true;
    }

    private static GatewayIdentity? CreateIdentity(JsonWebToken jwt)
    {
        var roles = new List<string>();
        var scopes = new List<string>();
        foreach (var claim in jwt.Claims)
        {
            switch (claim.Type)
            {
                case "roles" or "role":
                    roles.Add(claim.Value);
                    break;
                case "scope":
                    scopes.AddRange(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "scp":
                    scopes.Add(claim.Value);
                    break;
            }
        }

        return GatewayIdentity.TryCreate(jwt.Subject ?? "", [.. roles], [.. scopes], AuthScheme.Jwt);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        _ => "invalid token",
    };

    private readonly record struct CachedToken(GatewayIdentity Identity, DateTimeOffset Until);
}

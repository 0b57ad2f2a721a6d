using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>
/// Verifies service tokens for one callee: the <see cref="ServiceTokens.Type"/> header (a user's access token is
/// refused before its signature is looked at), ES256 or RS256 with a key <paramref name="findKey"/> knows by the
/// token's <c>kid</c>, <paramref name="issuer"/>, <paramref name="audience"/> (the callee's name), the lifetime through
/// <paramref name="time"/> with <paramref name="clockSkew"/>, and a <c>client_id</c>. A token that validated is
/// remembered until it expires: a caller reuses its token for minutes, so most calls cost a lookup.
/// </summary>
internal sealed class ServiceTokenValidator(
    string issuer,
    string audience,
    TimeSpan clockSkew,
    Func<string, CancellationToken, ValueTask<SecurityKey?>> findKey,
    TimeProvider time) : IServiceTokenVerifier
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly ValidatedTokenCache<ServiceCaller> _cache = new(time, AccessTokenValidator.CacheSize);

    public async Task<(ServiceCaller? Caller, string? Reason)> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (_cache.Get(token) is { } cached)
        {
            return (cached, null);
        }

        if (TokenChecks.Read(token) is not { } jwt)
        {
            return (null, "malformed token");
        }

        if (!ServiceTokens.IsServiceTokenType(jwt.Typ))
        {
            return (null, "not a service token");
        }

        if (Array.IndexOf(TokenChecks.Algorithms, jwt.Alg) < 0)
        {
            return (null, "signing algorithm not allowed");
        }

        if (jwt.Kid is not { Length: > 0 } kid || await findKey(kid, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return (null, "unknown signing key");
        }

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidAlgorithms = TokenChecks.Algorithms,
            ValidTypes = [ServiceTokens.Type],
            IssuerSigningKey = key,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = clockSkew,
            LifetimeValidator = TokenChecks.Lifetime(time, clockSkew),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, TokenChecks.Reason(result.Exception));
        }

        if (!jwt.TryGetPayloadValue<string>(ServiceTokens.ClientIdClaim, out var clientId) || string.IsNullOrEmpty(clientId))
        {
            return (null, "token has no client_id");
        }

        var scopes = jwt.TryGetPayloadValue<string>(ServiceTokens.ScopeClaim, out var scope) ? scope : "";
        var caller = new ServiceCaller(clientId, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
        _cache.Add(token, caller, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).Add(clockSkew));
        return (caller, null);
    }
}

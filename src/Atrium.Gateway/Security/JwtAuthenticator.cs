using Atrium.Chassis.Security;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Gateway.Security;

/// <summary>
/// Validates bearer JWTs at the edge with the chassis's one <see cref="TokenVerifier{T}"/> (algorithms, signature,
/// issuer, one of <see cref="JwtOptions.Audiences"/>, lifetime): a service token never passes as a user here, and a
/// valid token becomes a <see cref="GatewayIdentity"/> that can travel upstream in headers. Tokens that validated are
/// remembered until they expire, at most <see cref="JwtOptions.JwksCacheDuration"/>.
/// </summary>
internal sealed class JwtAuthenticator(JwtOptions options, ISigningKeySource keys, TimeProvider time)
{
    private readonly TokenVerifier<GatewayIdentity> _verifier = new(
        new TokenVerifierSettings(
            TokenKind.Access,
            options.Issuer,
            options.Audiences,
            options.ClockSkew,
            // Identity's service tokens are for the internal gRPC APIs: one must never pass as a user at the edge,
            // whatever audiences an operator configures here.
            "a service token is not accepted at the edge")
        {
            CacheSize = options.TokenCacheSize,
            CacheFor = options.JwksCacheDuration,
        },
        keys,
        time,
        CreateIdentity);

    public ISigningKeySource Keys => keys;

    public async ValueTask<AuthResult> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var (identity, reason) = await _verifier.VerifyAsync(token, cancellationToken).ConfigureAwait(false);
        return identity is null ? AuthResult.Fail(reason!) : new AuthResult(identity, null);
    }

    private static (GatewayIdentity? Identity, string? Reason) CreateIdentity(JsonWebToken jwt)
    {
        var roles = new List<string>();
        var scopes = new List<string>();
        var claims = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims)
        {
            if (!claims.TryGetValue(claim.Type, out var values))
            {
                claims[claim.Type] = values = [];
            }

            values.Add(claim.Value);
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

        return GatewayIdentity.TryCreate(
                jwt.Subject ?? "", [.. roles], [.. scopes], AuthScheme.Jwt, claims: claims.ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal)) is { } identity
            ? (identity, null)
            : (null, "token subject or roles cannot be sent upstream");
    }
}

using Atrium.Chassis.Configuration;
using System.Security.Cryptography;
using Atrium.Chassis.Security;
using Atrium.Identity.Domain;
using Atrium.Identity.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Application;

/// <summary>
/// Issues ES256 access tokens, service tokens and opaque refresh tokens, and validates access tokens for the identity
/// API (a service token is refused there).
/// </summary>
internal sealed class TokenIssuer(SigningKeyStore keys, LiveOptions<IdentityOptions> live, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // Issuer and audience are read at start, so one verifier serves for the process's life; 30 s of skew, as the
    // services allow by default.
    private readonly TokenVerifier<Caller> _verifier = AccessTokens.ForUsers(
        live.Current.Issuer, live.Current.Audience, TimeSpan.FromSeconds(30), keys.SecurityKey, time);

    public string CreateAccessToken(User user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [JwtRegisteredClaimNames.Email] = user.Email,
            ["roles"] = user.Roles.ToArray(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = live.Current.Issuer,
            Audience = live.Current.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + live.Current.AccessTokenLifetime,
            SigningCredentials = keys.Credentials,
        });
    }

    /// <summary>
    /// A service token (<see cref="ServiceTokens.Type"/>) for <paramref name="clientId"/> to call
    /// <paramref name="audience"/> with <paramref name="scopes"/>, valid for <see cref="IdentityOptions.ServiceTokenLifetime"/>.
    /// </summary>
    public string CreateServiceToken(string clientId, string audience, IEnumerable<string> scopes)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = ServiceTokens.Type,
            Issuer = live.Current.Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [ServiceTokens.ClientIdClaim] = clientId,
                [ServiceTokens.ScopeClaim] = string.Join(' ', scopes),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + live.Current.ServiceTokenLifetime,
            SigningCredentials = keys.Credentials,
        });
    }

    /// <summary>A new opaque refresh token and the hash under which it is stored.</summary>
    public static (string Token, string Hash) CreateRefreshToken()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string refreshToken) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken)));

    /// <summary>The user id of a valid access token (the chassis's one verifier, with this process's key), or <see langword="null"/>.</summary>
    public async Task<Guid?> ValidateAccessTokenAsync(string token, CancellationToken cancellationToken)
    {
        var (caller, _) = await _verifier.VerifyAsync(token, cancellationToken).ConfigureAwait(false);
        return caller?.UserId;
    }
}

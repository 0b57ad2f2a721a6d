using System.Security.Claims;
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

    /// <summary>The user id of a valid access token, or <see langword="null"/>.</summary>
    public async Task<Guid?> ValidateAccessTokenAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = live.Current.Issuer,
            ValidAudience = live.Current.Audience,
            IssuerSigningKey = keys.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            // A service token is no user's, whatever its audience.
            TypeValidator = (type, token, _) => ServiceTokens.IsServiceTokenType(type) ? throw new SecurityTokenInvalidTypeException("service token") : type,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew) && expires is { } e && e > now - parameters.ClockSkew;
            },
        }).ConfigureAwait(false);
        return result.IsValid && Guid.TryParse(result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? result.ClaimsIdentity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id)
            ? id
            : null;
    }
}

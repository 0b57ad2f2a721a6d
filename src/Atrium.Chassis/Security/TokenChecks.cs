using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>What the verifiers of user and service tokens check alike.</summary>
internal static class TokenChecks
{
    /// <summary>ES256 (identity's keys) and RS256; <c>alg: none</c> and HMAC never.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];

    /// <summary>The token read as a JWT (not yet validated), or <see langword="null"/> when it is not one.</summary>
    public static JsonWebToken? Read(string token)
    {
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>exp</c> and <c>nbf</c> against <paramref name="time"/> with <paramref name="clockSkew"/> either way; an expired
    /// token throws <see cref="SecurityTokenExpiredException"/>, so that <see cref="Reason"/> can name it.
    /// </summary>
    public static LifetimeValidator Lifetime(TimeProvider time, TimeSpan clockSkew) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null || expires.Value.Add(clockSkew) < now)
        {
            throw new SecurityTokenExpiredException("expired");
        }

        return notBefore is null || notBefore.Value.Subtract(clockSkew) <= now;
    };

    /// <summary>Why a token failed validation, in words fit for the caller.</summary>
    public static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidTypeException => "wrong token type",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        _ => "invalid token",
    };
}

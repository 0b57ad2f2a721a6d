using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>What <see cref="TokenVerifier{T}"/> checks of every token, and its refusals in words.</summary>
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
    /// <c>exp</c> (required) and <c>nbf</c> against <paramref name="time"/> with <paramref name="clockSkew"/> either way;
    /// each failure throws its own exception, so that <see cref="Reason"/> can name it.
    /// </summary>
    public static LifetimeValidator Lifetime(TimeProvider time, TimeSpan clockSkew) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("no exp");
        }

        if (expires.Value.Add(clockSkew) < now)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expires.Value };
        }

        if (notBefore is { } nbf && nbf.Subtract(clockSkew) > now)
        {
            throw new SecurityTokenNotYetValidException("not yet valid") { NotBefore = nbf };
        }

        return true;
    };

    /// <summary>Why a token failed validation, in words fit for the caller.</summary>
    public static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenInvalidTypeException => "wrong token type",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        _ => "invalid token",
    };
}

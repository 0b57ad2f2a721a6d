using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Gateway.Tests.Security;

/// <summary>Signing keys generated in the test, the tokens they sign, and the JWKS that publishes them.</summary>
internal sealed class TestKeys : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "atrium";

    private static readonly JsonWebTokenHandler Handler = new();

    private TestKeys(string kid, AsymmetricAlgorithm key)
    {
        Kid = kid;
        Key = key;
    }

    public string Kid { get; }

    public AsymmetricAlgorithm Key { get; }

    public static TestKeys Es256(string kid) => new(kid, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static TestKeys Rs256(string kid) => new(kid, RSA.Create(2048));

    public string PublicPem => Key switch
    {
        ECDsa ec => ec.ExportSubjectPublicKeyInfoPem(),
        RSA rsa => rsa.ExportSubjectPublicKeyInfoPem(),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A signed token; override any claim or time.</summary>
    public string Sign(
        string subject = "alice",
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string[]? roles = null,
        string? scope = null,
        string? kid = null,
        string? type = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(extraClaims ?? new Dictionary<string, object>()) { ["sub"] = subject };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        var nbf = notBefore ?? now.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = nbf,
            NotBefore = nbf,
            Expires = expires ?? now.AddHours(1),
            TokenType = type,
            SigningCredentials = Key switch
            {
                ECDsa ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = kid ?? Kid }, SecurityAlgorithms.EcdsaSha256),
                RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid ?? Kid }, SecurityAlgorithms.RsaSha256),
                _ => throw new InvalidOperationException(),
            },
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>The public half as a JWK.</summary>
    public Dictionary<string, string> Jwk()
    {
        switch (Key)
        {
            case ECDsa ec:
                var p = ec.ExportParameters(false);
                return new() { ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = Kid, ["use"] = "sig", ["alg"] = "ES256", ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y) };
            case RSA rsa:
                var r = rsa.ExportParameters(false);
                return new() { ["kty"] = "RSA", ["kid"] = Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64UrlEncoder.Encode(r.Modulus), ["e"] = Base64UrlEncoder.Encode(r.Exponent) };
            default:
                throw new InvalidOperationException();
        }
    }

    public static string Jwks(params TestKeys[] keys) => JsonSerializer.Serialize(new { keys = keys.Select(k => k.Jwk()) });

    /// <summary>A token with a header and payload of the test's choosing and the given signature bytes.</summary>
    public static string Raw(object header, object payload, Func<byte[], byte[]>? sign = null)
    {
        var head = Base64UrlEncoder.Encode(JsonSerializer.Serialize(header));
        var body = Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload));
        var signature = sign is null ? "" : Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(head + "." + body)));
        return head + "." + body + "." + signature;
    }

    public static object Payload(string subject = "mallory") => new
    {
        sub = subject,
        iss = Issuer,
        aud = Audience,
        nbf = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
        exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
    };

    public void Dispose() => Key.Dispose();
}

using System.Security.Cryptography;
using Atrium.Chassis.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Infrastructure;

/// <summary>
/// The ES256 (P-256) key that signs access tokens: generated on first start and kept as a PKCS#8 PEM file readable
/// only by its owner, so tokens stay valid across restarts. Its key id is the RFC 7638 JWK thumbprint.
/// </summary>
internal sealed class SigningKeyStore : IDisposable
{
    private readonly ECDsa _key;

    private SigningKeyStore(ECDsa key)
    {
        _key = key;
        SecurityKey = new ECDsaSecurityKey(key);
        KeyId = Base64UrlEncoder.Encode(SecurityKey.ComputeJwkThumbprint());
        SecurityKey.KeyId = KeyId;
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(SecurityKey);
        PublicJwk = new JsonWebKey
        {
            Kty = jwk.Kty,
            Crv = jwk.Crv,
            X = jwk.X,
            Y = jwk.Y,
            Kid = KeyId,
            Use = "sig",
            Alg = SecurityAlgorithms.EcdsaSha256,
        };
    }

    public string KeyId { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    /// <summary>The public half, for the JWKS document.</summary>
    public JsonWebKey PublicJwk { get; }

    public SigningCredentials Credentials => new(SecurityKey, SecurityAlgorithms.EcdsaSha256);

    /// <summary>
    /// Loads the key at <paramref name="path"/> (tightened to owner-only if others may read it), or generates one and
    /// writes it there, 0600 from the start; the directory must exist.
    /// </summary>
    public static SigningKeyStore LoadOrCreate(string path, ILogger logger)
    {
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows())
            {
                OwnerOnly.Tighten(path, logger);
            }

            key.ImportFromPem(File.ReadAllText(path));
            return new SigningKeyStore(key);
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        // Never overwritten: a key that exists has signed tokens that are still valid.
        OwnerOnly.WriteFile(path, key.ExportPkcs8PrivateKeyPem(), overwrite: false);
        return new SigningKeyStore(key);
    }

    public void Dispose() => _key.Dispose();
}

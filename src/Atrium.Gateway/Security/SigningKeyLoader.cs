using System.Security.Cryptography;
using Atrium.Gateway.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Gateway.Security;

/// <summary>Turns a configured PEM public key into a signing key: RSA (2048 bits or more) or ECDSA P-256.</summary>
internal static class SigningKeyLoader
{
    /// <summary>Every key of <paramref name="configs"/> that loads (validation has refused a config with one that does not).</summary>
    public static List<SecurityKey> LoadAll(IEnumerable<SigningKeyConfig> configs)
    {
        var keys = new List<SecurityKey>();
        foreach (var config in configs)
        {
            if (TryLoad(config, out var key, out _))
            {
                keys.Add(key!);
            }
        }

        return keys;
    }

    public static bool TryLoad(SigningKeyConfig config, out SecurityKey? key, out string? error)
    {
        key = null;
        error = null;
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(config.Pem);
            if (ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                ecdsa.Dispose();
                error = "only P-256 EC keys are accepted (ES256)";
                return false;
            }

            key = new ECDsaSecurityKey(ecdsa) { KeyId = config.Kid };
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Not an EC key; try RSA below.
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(config.Pem);
            if (rsa.KeySize < 2048)
            {
                rsa.Dispose();
                error = "RSA keys need at least 2048 bits";
                return false;
            }

            key = new RsaSecurityKey(rsa) { KeyId = config.Kid };
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            error = "not a PEM RSA or P-256 EC public key";
            return false;
        }
    }
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tls;

/// <summary>Reads PEM certificates, key pairs and CA bundles; a file that cannot be used is an error value, not an exception.</summary>
internal static class PemFiles
{
    /// <summary>
    /// Loads a certificate (the first in <paramref name="certificatePath"/>, the rest its chain) with its private key,
    /// ready to be served: the chain is sent in the handshake.
    /// </summary>
    public static bool TryLoadPair(string certificatePath, string keyPath, out LoadedCertificate? pair, out string? error)
    {
        pair = null;
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(certificatePath);
            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < all.Count; i++)
            {
                intermediates.Add(all[i]);
            }

            pair = new LoadedCertificate(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"cannot load '{certificatePath}' with key '{keyPath}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Loads every certificate of a PEM bundle (trust anchors); a bundle without one is an error.</summary>
    public static bool TryLoadBundle(string path, out X509Certificate2Collection? bundle, out string? error)
    {
        bundle = null;
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
            if (certificates.Count == 0)
            {
                error = $"'{path}' holds no PEM certificate";
                return false;
            }

            bundle = certificates;
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"cannot load '{path}': {ex.Message}";
            return false;
        }
    }
}

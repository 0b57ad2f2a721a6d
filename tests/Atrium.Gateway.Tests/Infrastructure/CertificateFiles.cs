using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>A certificate and its key as PEM files (for <c>certificatePath</c> and <c>keyPath</c>), and in memory.</summary>
internal sealed record CertificateFiles(string CertificatePath, string KeyPath, X509Certificate2 Certificate)
{
    /// <summary>Writes both files, each by rename, as a certificate renewal tool does.</summary>
    public void Write() => WriteTo(CertificatePath, KeyPath);

    /// <summary>Writes this certificate and key over another pair's files (a renewal), each by rename.</summary>
    public void WriteTo(string certificatePath, string keyPath)
    {
        Replace(certificatePath, Certificate.ExportCertificatePem());
        Replace(keyPath, (Certificate.GetECDsaPrivateKey() ?? (AsymmetricAlgorithm)Certificate.GetRSAPrivateKey()!).ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> by rename.</summary>
    public static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

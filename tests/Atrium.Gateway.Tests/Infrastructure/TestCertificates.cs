using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// A certificate authority made at test time (ECDSA P-256) that issues server and client certificates and writes
/// them as PEM files into a temp directory of its own, deleted on dispose.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name = "Atrium Test CA")
    {
        Directory = Path.Combine(Path.GetTempPath(), $"atrium-tls-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityPath = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(AuthorityPath, Authority.ExportCertificatePem());
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as a PEM bundle.</summary>
    public string AuthorityPath { get; }

    /// <summary>A server certificate for <paramref name="dnsNames"/> and 127.0.0.1, written to NAME.pem and NAME.key.</summary>
    public CertificateFiles Server(string name, params string[] dnsNames) =>
        Issue(name, $"CN={(dnsNames.Length > 0 ? dnsNames[0] : name)}", "1.3.6.1.5.5.7.3.1", dnsNames, ipAddress: true);

    /// <summary>A server certificate for <paramref name="dnsName"/> only (not for 127.0.0.1).</summary>
    public CertificateFiles ServerNamedOnly(string name, string dnsName) =>
        Issue(name, $"CN={dnsName}", "1.3.6.1.5.5.7.3.1", [dnsName], ipAddress: false);

    /// <summary>A client certificate with subject <paramref name="subject"/>, written to NAME.pem and NAME.key.</summary>
    public CertificateFiles Client(string name, string subject) => Issue(name, subject, "1.3.6.1.5.5.7.3.2", [], ipAddress: false);

    public void Dispose()
    {
        _caKey.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private CertificateFiles Issue(string name, string subject, string usage, string[] dnsNames, bool ipAddress)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (dnsNames.Length > 0 || ipAddress)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in dnsNames)
            {
                names.AddDnsName(dns);
            }

            if (ipAddress)
            {
                names.AddIpAddress(IPAddress.Loopback);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        var certificate = issued.CopyWithPrivateKey(key);
        var files = new CertificateFiles(Path.Combine(Directory, name + ".pem"), Path.Combine(Directory, name + ".key"), certificate);
        files.Write();
        return files;
    }
}

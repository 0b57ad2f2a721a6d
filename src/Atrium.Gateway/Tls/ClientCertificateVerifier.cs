using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tls;

/// <summary>
/// Verifies client certificates on one listener: the chain must end at a certificate of the listener's CA bundle
/// (the system store is not consulted), be valid now and allow client authentication. Revocation is not checked
/// (no CRL or OCSP fetches from the handshake path); revoke by taking the CA or the certificate out of the bundle.
/// </summary>
internal sealed class ClientCertificateVerifier(X509Certificate2Collection authorities, bool required)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Whether a client that sends no certificate is refused.</summary>
    public bool Required { get; } = required;

    public bool Verify(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return !Required;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>For <see cref="SslServerAuthenticationOptions.RemoteCertificateValidationCallback"/>: the platform's verdict is replaced by this one.</summary>
    public bool Callback(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => Verify(certificate);
}

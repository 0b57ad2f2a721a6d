using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tls;

/// <summary>A certificate with its private key and the chain sent with it.</summary>
/// <param name="Leaf">The certificate itself.</param>
/// <param name="Context">The leaf and its intermediates, as a handshake sends them.</param>
internal sealed record LoadedCertificate(X509Certificate2 Leaf, SslStreamCertificateContext Context);

using System.Security.Authentication;
using Atrium.Chassis.Hosting;

namespace Atrium.Gateway.Tls;

/// <summary>One <c>gateway.tls</c> compiled for handshakes; a reload builds a new one and swaps it.</summary>
/// <param name="Certificates">The certificates by SNI name.</param>
/// <param name="Protocols">The TLS versions accepted.</param>
/// <param name="ClientCertificates">Client-certificate verification of the listeners that ask for one.</param>
internal sealed record ServerTlsSettings(
    SniCertificates Certificates, SslProtocols Protocols, IReadOnlyDictionary<ListenAddress, ClientCertificateVerifier> ClientCertificates)
{
    /// <summary>The certificate pairs in use, by their two paths, so that a reload keeps those it still names.</summary>
    public Dictionary<(string Certificate, string Key), WatchedCertificate> Pairs { get; init; } = [];
}

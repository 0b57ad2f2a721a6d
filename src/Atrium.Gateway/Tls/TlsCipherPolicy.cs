using System.Net.Security;
using System.Security.Authentication;

namespace Atrium.Gateway.Tls;

/// <summary>
/// The protocols and cipher suites the listeners accept. TLS 1.3 with its three AEAD suites; TLS 1.2 only with
/// ECDHE key exchange (forward secrecy) and AEAD ciphers (AES-GCM, ChaCha20-Poly1305), so no CBC, RSA key exchange,
/// SHA-1 MACs, 3DES or RC4. .NET hands the list to OpenSSL on Linux; HTTP/2 needs exactly such suites (RFC 9113 §9.2.2).
/// </summary>
internal static class TlsCipherPolicy
{
    /// <summary>
    /// One instance for every handshake, so that OpenSSL's contexts are reused; null on Windows, where SChannel takes
    /// its suites from the system policy and .NET cannot set them.
    /// </summary>
    public static CipherSuitesPolicy? Suites { get; } = OperatingSystem.IsWindows() ? null : new(
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]);

    /// <summary>The protocols from <c>minProtocol</c>: <c>1.2</c> (the default) allows 1.2 and 1.3, <c>1.3</c> only 1.3.</summary>
    public static SslProtocols Protocols(string minProtocol) =>
        minProtocol == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
}

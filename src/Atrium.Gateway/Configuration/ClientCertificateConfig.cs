using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>Client-certificate verification (mTLS) on one <c>https://</c> listener (<c>gateway.tls.clientCertificates[i]</c>).</summary>
public sealed class ClientCertificateConfig
{
    /// <summary>The listener, exactly as written in <c>gateway.listen</c>. Required.</summary>
    [Required]
    public string Listen { get; set; } = "";

    /// <summary>PEM file of the CA certificates a client certificate must chain to (the only trust anchors). Required.</summary>
    [Required]
    public string CaPath { get; set; } = "";

    /// <summary>
    /// Whether a client without a certificate is refused in the handshake; <see langword="false"/> asks for one and
    /// verifies it when sent. A certificate that does not verify is always refused. Default <see langword="true"/>.
    /// </summary>
    public bool Required { get; set; } = true;
}

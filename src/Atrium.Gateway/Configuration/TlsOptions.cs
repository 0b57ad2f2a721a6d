using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// TLS of the <c>https://</c> listeners (<c>gateway.tls</c>): the default certificate, more chosen by SNI, the lowest
/// protocol and client certificates per listener. Reloads with the rest of the section; the certificate and key files
/// are also re-read when they change on disk, for the next handshake. HTTP/2 and HTTP/1.1 are offered by ALPN.
/// </summary>
public sealed class TlsOptions : IValidatableConfig
{
    /// <summary>PEM certificate (chain) file, served when no <see cref="Certificates"/> entry matches the SNI name. Default none.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file of <see cref="CertificatePath"/>. Default none.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>More certificates, each served to the host names it lists. Default none.</summary>
    public List<SniCertificateConfig> Certificates { get; set; } = [];

    /// <summary>The lowest TLS version accepted: <c>1.2</c> or <c>1.3</c>. Default <c>1.2</c>.</summary>
    [AllowedValues("1.2", "1.3")]
    public string MinProtocol { get; set; } = "1.2";

    /// <summary>Listeners that ask for a client certificate (mTLS), each verified against its CA bundle. Default none.</summary>
    public List<ClientCertificateConfig> ClientCertificates { get; set; } = [];

    /// <summary>
    /// The request header that carries a verified client certificate's subject to route matching and the upstream.
    /// A client-sent copy is always removed. Default <c>X-Client-Cert-Subject</c>.
    /// </summary>
    [Required]
    public string ClientCertificateHeader { get; set; } = "X-Client-Cert-Subject";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (CertificatePath.Length > 0 != KeyPath.Length > 0)
        {
            context.AddError(CertificatePath.Length > 0 ? "keyPath" : "certificatePath", "certificatePath and keyPath go together");
        }
    }
}

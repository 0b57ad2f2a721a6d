using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>The certificate for <c>https://</c> listeners (<c>gateway.tls</c>); HTTP/1.1 and HTTP/2 are offered by ALPN.</summary>
public sealed class TlsOptions : IValidatableConfig
{
    /// <summary>PEM certificate (chain) file. Default none.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file. Default none.</summary>
    public string KeyPath { get; set; } = "";

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

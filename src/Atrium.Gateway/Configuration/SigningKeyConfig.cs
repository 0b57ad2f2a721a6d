using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>A static token-signing public key (<c>gateway.auth.jwt.signingKeys[i]</c>).</summary>
public sealed class SigningKeyConfig
{
    /// <summary>The <c>kid</c> tokens signed with this key carry. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Kid { get; set; } = "";

    /// <summary>The public key in PEM (<c>-----BEGIN PUBLIC KEY-----</c>): an RSA key (RS256) or a P-256 key (ES256). Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Pem { get; set; } = "";
}

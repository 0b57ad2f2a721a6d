using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>A certificate served to the SNI names it lists (<c>gateway.tls.certificates[i]</c>).</summary>
public sealed class SniCertificateConfig
{
    /// <summary>
    /// Host names (<c>api.example.com</c>) or one-label wildcards (<c>*.example.com</c>); an exact name wins over a
    /// wildcard. At least one.
    /// </summary>
    [MinItems(1, ErrorMessage = "needs at least one host")]
    public List<string> Hosts { get; set; } = [];

    /// <summary>PEM certificate (chain) file. Required.</summary>
    [Required]
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file. Required.</summary>
    [Required]
    public string KeyPath { get; set; } = "";
}

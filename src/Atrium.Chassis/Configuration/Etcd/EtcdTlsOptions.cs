namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>TLS towards etcd, <c>config.etcd.tls</c>: used for <c>https://</c> endpoints.</summary>
public sealed class EtcdTlsOptions
{
    /// <summary>PEM file of the CA that signed etcd's server certificate; empty trusts the system's CAs.</summary>
    public string CaFile { get; set; } = string.Empty;

    /// <summary>PEM client certificate for etcd's client-certificate auth; empty for none (needs <see cref="KeyFile"/>).</summary>
    public string CertFile { get; set; } = string.Empty;

    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string KeyFile { get; set; } = string.Empty;
}

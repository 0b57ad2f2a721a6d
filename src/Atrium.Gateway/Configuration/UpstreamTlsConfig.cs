namespace Atrium.Gateway.Configuration;

/// <summary>How a cluster's <c>https://</c> endpoints are verified and what the gateway presents to them (<c>gateway.clusters.NAME.tls</c>).</summary>
public sealed class UpstreamTlsConfig
{
    /// <summary>
    /// PEM file of the CA certificates the upstream's certificate must chain to, instead of the system's trust store.
    /// Default none (the system store).
    /// </summary>
    public string CaPath { get; set; } = "";

    /// <summary>
    /// The name sent as SNI (and as <c>Host</c>, unless the route preserves the client's) and verified in the
    /// upstream's certificate. Default none: the endpoint's host.
    /// </summary>
    public string ServerName { get; set; } = "";

    /// <summary>PEM certificate (chain) file the gateway presents to the upstream (mTLS). Default none.</summary>
    public string ClientCertificatePath { get; set; } = "";

    /// <summary>PEM private key file of <see cref="ClientCertificatePath"/>. Default none.</summary>
    public string ClientKeyPath { get; set; } = "";

    /// <summary>
    /// Accepts any upstream certificate, unverified: for a test bench only. Shown in <c>/admin/clusters</c> and
    /// logged when the cluster is built. Default <see langword="false"/>.
    /// </summary>
    public bool InsecureSkipVerify { get; set; }
}

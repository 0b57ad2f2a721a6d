namespace Atrium.Gateway.Configuration;

/// <summary>How a cluster finds out which endpoints are down (<c>gateway.clusters.NAME.healthCheck</c>).</summary>
public sealed class HealthCheckConfig
{
    /// <summary>Active probes. Off by default.</summary>
    public ActiveHealthCheckConfig Active { get; set; } = new();

    /// <summary>Passive outlier detection. On by default.</summary>
    public PassiveHealthCheckConfig Passive { get; set; } = new();
}

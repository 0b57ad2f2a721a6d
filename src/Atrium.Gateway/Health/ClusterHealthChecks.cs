using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Health;

/// <summary>The health checks a cluster's <c>healthCheck</c> config enables: passive ejection and active probes.</summary>
internal sealed class ClusterHealthChecks(ClusterServices services) : IClusterHealthChecks
{
    public IPassiveHealthCheck? CreatePassive(ClusterState cluster) =>
        cluster.Config.HealthCheck.Passive is { Enabled: true } passive ? new PassiveHealthMonitor(cluster, passive, services) : null;

    public IActiveHealthCheck? CreateActive(ClusterState cluster) =>
        cluster.Config.HealthCheck.Active is { Enabled: true } active ? new ActiveHealthProber(cluster, active, services) : null;
}

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Creates a cluster's health checks as its config asks, while the cluster is built; the checks are another folder's
/// (they act on the cluster), so the cluster knows them only by these contracts.
/// </summary>
internal interface IClusterHealthChecks
{
    /// <summary>The passive check <c>healthCheck.passive</c> enables; null when disabled.</summary>
    IPassiveHealthCheck? CreatePassive(ClusterState cluster);

    /// <summary>The active check <c>healthCheck.active</c> enables, not started; null when disabled.</summary>
    IActiveHealthCheck? CreateActive(ClusterState cluster);
}

using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Traffic;

/// <summary>A route's compiled <c>mirror</c>: the shadow cluster and the bound on copies in flight.</summary>
internal sealed class MirrorPolicy(MirrorConfig config, ClusterState cluster)
{
    public MirrorConfig Config { get; } = config;

    public ClusterState Cluster { get; } = cluster;

    /// <summary>Copies in flight; waited on with a zero timeout only, so a full mirror drops instead of blocking.</summary>
    public SemaphoreSlim Slots { get; } = new(config.MaxConcurrency, config.MaxConcurrency);

    public bool Sample() => Config.Percent >= 100 || Random.Shared.NextDouble() * 100 < Config.Percent;
}

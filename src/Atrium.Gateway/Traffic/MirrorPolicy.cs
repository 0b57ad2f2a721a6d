using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Traffic;

/// <summary>A route's compiled <c>mirror</c>: the shadow cluster and the bound on copies in flight.</summary>
internal sealed class MirrorPolicy(MirrorConfig config, ClusterState cluster) : IRoutePolicy
{
    public MirrorConfig Config { get; } = config;

    public ClusterState Cluster { get; } = cluster;

    /// <summary>Copies in flight; waited on with a zero timeout only, so a full mirror drops instead of blocking.</summary>
    public SemaphoreSlim Slots { get; } = new(config.MaxConcurrency, config.MaxConcurrency);

    public bool Sample() => Config.Percent >= 100 || Random.Shared.NextDouble() * 100 < Config.Percent;

    /// <inheritdoc />
    public string Name => "mirror";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["cluster"] = Cluster.Name,
        ["percent"] = Config.Percent,
        ["maxConcurrency"] = Config.MaxConcurrency,
        ["inFlight"] = Config.MaxConcurrency - Slots.CurrentCount,
        ["timeoutMs"] = Config.Timeout.TotalMilliseconds,
    };
}

using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Aggregation;

/// <summary>A route's compiled <c>aggregate</c>: its parts and the caller's headers each of them gets.</summary>
internal sealed class AggregatePolicy(AggregateConfig config, IReadOnlyList<AggregatePart> parts) : IRoutePolicy
{
    public string Name => "aggregate";

    public AggregateConfig Config { get; } = config;

    public IReadOnlyList<AggregatePart> Parts { get; } = parts;

    public JsonNode Describe() => new JsonObject
    {
        ["parts"] = JsonNodes.Array(Parts.Select(p => new JsonObject
        {
            ["name"] = p.Name,
            ["cluster"] = p.Cluster.Name,
            ["path"] = p.Config.Path,
            ["timeoutMs"] = p.Config.Timeout.TotalMilliseconds,
            ["maxBodySize"] = p.Config.MaxBodySize,
        })),
        ["forwardHeaders"] = JsonNodes.Strings(Config.ForwardHeaders),
    };
}

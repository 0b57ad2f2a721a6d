using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Traffic;

/// <summary>A route's compiled <c>llm</c>: the cluster of each model, the fallback, and the budgets (kept across reloads that leave them as they were).</summary>
internal sealed class LlmRoutingPolicy : IRoutePolicy
{
    private readonly Dictionary<string, ClusterState> _models;

    public LlmRoutingPolicy(LlmRoutingConfig config, ClusterState routeCluster, IReadOnlyDictionary<string, ClusterState> clusters, TokenBudgets? budgets)
    {
        Config = config;
        _models = config.Models.ToDictionary(m => m.Key, m => clusters[m.Value], StringComparer.Ordinal);
        Default = config.DefaultCluster.Length > 0 ? clusters[config.DefaultCluster] : routeCluster;
        Fallback = config.FallbackCluster.Length > 0 ? clusters[config.FallbackCluster] : null;
        Budgets = budgets;
    }

    public LlmRoutingConfig Config { get; }

    public ClusterState Default { get; }

    public ClusterState? Fallback { get; }

    public TokenBudgets? Budgets { get; }

    public ClusterState ClusterFor(string model) => _models.TryGetValue(model, out var cluster) ? cluster : Default;

    /// <inheritdoc />
    public string Name => "llm";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["models"] = new JsonObject(Config.Models.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        ["defaultCluster"] = Default.Name,
        ["fallbackCluster"] = Fallback?.Name,
        ["firstTokenTimeoutMs"] = Config.FirstTokenTimeout.TotalMilliseconds,
        ["maxRequestBodySize"] = Config.MaxRequestBodySize,
        ["tokenBudget"] = Config.TokenBudget,
        ["budgetWindowMs"] = Config.BudgetWindow.TotalMilliseconds,
    };
}

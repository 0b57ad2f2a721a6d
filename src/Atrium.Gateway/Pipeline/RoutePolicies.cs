using System.Text.Json.Nodes;
using Atrium.Gateway.Traffic;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// A route's compiled traffic policies, built with its snapshot. A null member means the policy is off for the route,
/// and its stage then costs one field read. The named members are read on every request by their stages, each of
/// which knows its policy's type (one type check on the field); they are held by <see cref="IRoutePolicy"/> so that
/// this folder does not depend on the features above it.
/// </summary>
internal sealed class RoutePolicies
{
    public static readonly RoutePolicies None = new();

    /// <summary><c>cors</c>: <c>Security/CorsPolicy</c>.</summary>
    public IRoutePolicy? Cors { get; init; }

    public FaultPolicy? Faults { get; init; }

    /// <summary><c>auth</c>: <c>Security/RouteAuthPolicy</c>.</summary>
    public IRoutePolicy? Auth { get; init; }

    /// <summary><c>rateLimit</c>: <c>RateLimiting/RouteRateLimiter</c>.</summary>
    public IRoutePolicy? RateLimit { get; init; }

    public TrafficSplitter? Split { get; init; }

    public MirrorPolicy? Mirror { get; init; }

    public LlmRoutingPolicy? Llm { get; init; }
    /// <summary>The route's WASM plugins (the gateway-wide ones first), compiled into one stage.</summary>
    public IRoutePolicyStage? Plugins { get; init; }

    /// <summary>The policies of feature folders above the pipeline, each found by its type.</summary>
    public IReadOnlyList<IRoutePolicy> Others { get; init; } = [];

    /// <summary>The policy of type <typeparamref name="T"/> among <see cref="Others"/>, or null.</summary>
    public T? Get<T>()
        where T : class, IRoutePolicy
    {
        foreach (var policy in Others)
        {
            if (policy is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The policies as the admin API shows them.</summary>
    public JsonObject Describe()
    {
        var described = DescribeOwn();
        foreach (var policy in Others)
        {
            described[policy.Name] = policy.Describe();
        }

        return described;
    }

    private JsonObject DescribeOwn() => new()
    {
        ["cors"] = Cors?.Describe(),
        ["faults"] = Faults is null ? null : new JsonObject
        {
            ["delay"] = Faults.Config.Delay is { } d ? new JsonObject { ["durationMs"] = d.Duration.TotalMilliseconds, ["percent"] = d.Percent } : null,
            ["abort"] = Faults.Config.Abort is { } a ? new JsonObject { ["status"] = a.Status, ["percent"] = a.Percent } : null,
            ["onlyWithHeader"] = Faults.OnlyWithHeader,
        },
        ["auth"] = Auth?.Describe(),
        ["rateLimit"] = RateLimit?.Describe(),
        ["split"] = Split is null ? null : new JsonObject
        {
            ["backends"] = JsonNodes.Array(Split.Config.Backends.Select(b => new JsonObject { ["cluster"] = b.Cluster, ["weight"] = b.Weight })),
            ["stickyOn"] = Camel(Split.Config.StickyOn.ToString()),
            ["stickyKey"] = Split.Config.StickyKey,
            ["overrideHeader"] = Split.Config.OverrideHeader,
            ["ratioHeader"] = Split.Config.RatioHeader,
        },
        ["mirror"] = Mirror is null ? null : new JsonObject
        {
            ["cluster"] = Mirror.Cluster.Name,
            ["percent"] = Mirror.Config.Percent,
            ["maxConcurrency"] = Mirror.Config.MaxConcurrency,
            ["inFlight"] = Mirror.Config.MaxConcurrency - Mirror.Slots.CurrentCount,
            ["timeoutMs"] = Mirror.Config.Timeout.TotalMilliseconds,
        },
        ["llm"] = Llm is null ? null : new JsonObject
        {
            ["models"] = new JsonObject(Llm.Config.Models.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["defaultCluster"] = Llm.Default.Name,
            ["fallbackCluster"] = Llm.Fallback?.Name,
            ["firstTokenTimeoutMs"] = Llm.Config.FirstTokenTimeout.TotalMilliseconds,
            ["maxRequestBodySize"] = Llm.Config.MaxRequestBodySize,
            ["tokenBudget"] = Llm.Config.TokenBudget,
            ["budgetWindowMs"] = Llm.Config.BudgetWindow.TotalMilliseconds,
        },
        ["plugins"] = Plugins?.Describe(),
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

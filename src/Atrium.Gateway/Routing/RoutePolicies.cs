using System.Text.Json.Nodes;

namespace Atrium.Gateway.Routing;

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

    /// <summary><c>faults</c>: <c>Traffic/FaultPolicy</c>.</summary>
    public IRoutePolicy? Faults { get; init; }

    /// <summary><c>auth</c>: <c>Security/RouteAuthPolicy</c>.</summary>
    public IRoutePolicy? Auth { get; init; }

    /// <summary><c>rateLimit</c>: <c>RateLimiting/RouteRateLimiter</c>.</summary>
    public IRoutePolicy? RateLimit { get; init; }

    /// <summary><c>split</c>: <c>Traffic/TrafficSplitter</c>.</summary>
    public IRoutePolicy? Split { get; init; }

    /// <summary><c>mirror</c>: <c>Traffic/MirrorPolicy</c>.</summary>
    public IRoutePolicy? Mirror { get; init; }

    /// <summary><c>llm</c>: <c>Traffic/LlmRoutingPolicy</c>.</summary>
    public IRoutePolicy? Llm { get; init; }

    /// <summary>
    /// <c>plugins</c>: the route's WASM plugins (the gateway-wide ones first), compiled into one stage
    /// (<c>Plugins/PluginChainStage</c>, run by <c>Pipeline/RoutePolicyStage</c>).
    /// </summary>
    public IRoutePolicy? Plugins { get; init; }

    /// <summary>The policies of the other feature folders, each found by its type.</summary>
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
        ["faults"] = Faults?.Describe(),
        ["auth"] = Auth?.Describe(),
        ["rateLimit"] = RateLimit?.Describe(),
        ["split"] = Split?.Describe(),
        ["mirror"] = Mirror?.Describe(),
        ["llm"] = Llm?.Describe(),
        ["plugins"] = Plugins?.Describe(),
    };
}

using System.Text.Json.Nodes;

namespace Atrium.Gateway.Routing;

/// <summary>
/// A compiled route policy of a feature folder above this one: <see cref="RoutePolicies"/> holds it by this contract,
/// so the route does not depend on the feature. Its stage finds it in its named member of
/// <see cref="RoutePolicies"/> (the older policies) or with <see cref="RoutePolicies.Get{T}"/>.
/// </summary>
internal interface IRoutePolicy
{
    /// <summary>The config key of the policy, under which the admin API shows it.</summary>
    string Name { get; }

    /// <summary>The policy as the admin API shows it.</summary>
    JsonNode Describe();
}

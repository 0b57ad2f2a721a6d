using System.Text.Json.Nodes;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// A route's own compiled stage, run by <see cref="RoutePolicyStage"/>: lets a policy of a later folder (WASM plugins)
/// sit in <see cref="RoutePolicies"/> without this folder knowing its type.
/// </summary>
internal interface IRoutePolicyStage
{
    ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next);

    /// <summary>The policy as the admin API shows it.</summary>
    JsonNode Describe();
}

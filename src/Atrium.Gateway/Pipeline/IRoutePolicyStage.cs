using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// A route policy that is its own compiled stage, run by <see cref="RoutePolicyStage"/>: lets a policy of a later
/// folder (WASM plugins) sit in <see cref="RoutePolicies.Plugins"/> without this folder knowing its type.
/// </summary>
internal interface IRoutePolicyStage : IRoutePolicy
{
    ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next);
}

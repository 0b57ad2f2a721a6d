namespace Atrium.Gateway.Pipeline;

/// <summary>
/// Runs the route's compiled plugin chain (<see cref="Routing.RoutePolicies.Plugins"/>); one field read on routes
/// without one, and one type check on routes with one.
/// </summary>
internal sealed class RoutePolicyStage : IProxyStage
{
    public string Name => "plugins";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next) =>
        context.Route!.Policies.Plugins is IRoutePolicyStage plugins ? plugins.InvokeAsync(context, next) : next(context);
}

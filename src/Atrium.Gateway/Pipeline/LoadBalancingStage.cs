using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Pipeline;

/// <summary>Chooses the endpoint; round-robin until the traffic-policy stages bring their own policies.</summary>
internal sealed class LoadBalancingStage : IProxyStage
{
    public string Name => "load-balancing";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        context.Endpoint = context.Cluster!.NextEndpoint();
        if (context.Endpoint is null)
        {
            context.Error = ForwarderError.NoEndpoint;
            return ValueTask.CompletedTask;
        }

        return next(context);
    }
}

using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Pipeline;

/// <summary>The last stage: sends the request to the chosen endpoint and relays the answer.</summary>
internal sealed class ForwardingStage(HttpForwarder forwarder) : IProxyStage
{
    public string Name => "forwarding";

    public async ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var endpoint = context.Endpoint!;
        var cluster = context.Cluster!;
        endpoint.OnStart();
        cluster.OnRequestStart();
        try
        {
            context.Error = await forwarder.ForwardAsync(context).ConfigureAwait(false);
        }
        finally
        {
            endpoint.OnEnd(context.Error is not (ForwarderError.None or ForwarderError.ClientDisconnected));
            cluster.OnRequestEnd();
        }
    }
}

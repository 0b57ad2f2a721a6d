using System.Runtime.CompilerServices;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Pipeline;

/// <summary>The last stage: sends the request to the chosen endpoint, relays the answer and reports the outcome to passive health.</summary>
internal sealed class ForwardingStage(HttpForwarder forwarder) : IProxyStage
{
    public string Name => "forwarding";

    // Pooled: the stage awaits on every request, and an unpooled state machine would be boxed for each one.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var endpoint = context.Endpoint!;
        var cluster = context.Cluster!;
        endpoint.OnStart();
        cluster.OnRequestStart();
        try
        {
            context.Error = await forwarder.ForwardAsync(context, context.Route!).ConfigureAwait(false);
        }
        finally
        {
            endpoint.OnEnd(context.Error is not (ForwarderError.None or ForwarderError.ClientDisconnected));
            if (cluster.PassiveHealth is { } passive && UpstreamOutcome.Failed(context) is { } failed)
            {
                passive.Report(endpoint, failed);
            }

            cluster.OnRequestEnd();
        }
    }
}

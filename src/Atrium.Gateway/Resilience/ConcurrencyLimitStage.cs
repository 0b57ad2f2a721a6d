using System.Runtime.CompilerServices;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;

namespace Atrium.Gateway.Resilience;

/// <summary>
/// Counts the cluster's requests in flight and refuses those over <c>maxConcurrentRequests</c> with 503
/// <c>OVERLOADED</c> before any upstream work.
/// </summary>
internal sealed class ConcurrencyLimitStage : IProxyStage
{
    public string Name => "concurrency-limit";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var limiter = context.Cluster!.Concurrency;
        if (!limiter.TryEnter())
        {
            context.Error = ForwarderError.Overloaded;
            return ValueTask.CompletedTask;
        }

        return InvokeCoreAsync(context, next, limiter);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask InvokeCoreAsync(ProxyContext context, ProxyStageDelegate next, ConcurrencyLimiter limiter)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            limiter.Exit();
        }
    }
}

using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// The first stage: sheds load with 503 <c>OVERLOADED</c> when more than <c>gateway.globalConcurrencyLimit</c>
/// requests are in flight. With no limit it only reads one field.
/// </summary>
internal sealed class GlobalConcurrencyLimitStage(ConcurrencyGate gate, PolicyMetrics metrics) : IProxyStage
{
    public string Name => "global-concurrency-limit";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var limit = gate.Limit;
        if (limit == 0)
        {
            return next(context);
        }

        if (!gate.TryEnter(limit))
        {
            context.Error = ForwarderError.Overloaded;
            metrics.Decision(context.Route!.Id, "concurrency", "shed");
            return ValueTask.CompletedTask;
        }

        return InvokeEnteredAsync(context, next);
    }

    private async ValueTask InvokeEnteredAsync(ProxyContext context, ProxyStageDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }
}

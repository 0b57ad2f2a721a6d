using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// Injects the faults of routes with <c>faults</c>: holds a share of requests for the configured delay, and answers a
/// share with the configured error instead of forwarding them. Off unless configured; optionally only for requests
/// carrying <c>onlyWithHeader</c>.
/// </summary>
internal sealed class FaultInjectionStage(TimeProvider time, PolicyMetrics metrics) : IProxyStage
{
    public string Name => "fault-injection";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var faults = context.Route!.Policies.Faults as FaultPolicy;
        if (faults is null || (faults.OnlyWithHeader is { } header && !context.HttpContext.Request.Headers.ContainsKey(header)))
        {
            return next(context);
        }

        var delay = faults.Config.Delay is { } d && FaultPolicy.Roll(d.Percent);
        var abort = faults.Config.Abort is { } a && FaultPolicy.Roll(a.Percent);
        if (!delay && !abort)
        {
            return next(context);
        }

        return InjectAsync(context, faults, delay, abort, next);
    }

    private async ValueTask InjectAsync(ProxyContext context, FaultPolicy faults, bool delay, bool abort, ProxyStageDelegate next)
    {
        var route = context.Route!.Id;
        if (delay)
        {
            metrics.Decision(route, "fault", "delayed");
            try
            {
                await Task.Delay(faults.Config.Delay!.Duration, time, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Error = ForwarderError.ClientDisconnected;
                return;
            }
        }

        if (abort)
        {
            metrics.Decision(route, "fault", "aborted");
            context.Error = ForwarderError.FaultInjected;
            context.ErrorCode = faults.AbortCode;
            context.ErrorDetail = "Fault injected by the gateway.";
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}

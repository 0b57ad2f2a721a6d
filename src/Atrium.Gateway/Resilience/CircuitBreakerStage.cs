using System.Runtime.CompilerServices;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Resilience;

/// <summary>
/// Refuses requests to a cluster whose circuit is open: 503 <c>CIRCUIT_OPEN</c> or the configured fallback answer,
/// without reaching the upstream. Counts each request's final outcome (after retries) for the breaker.
/// </summary>
internal sealed class CircuitBreakerStage : IProxyStage
{
    public string Name => "circuit-breaker";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var breaker = context.Cluster!.Breaker;
        if (breaker is null)
        {
            return next(context);
        }

        if (!breaker.TryEnter(out var probe))
        {
            return RejectAsync(context, breaker);
        }

        return InvokeCoreAsync(context, next, breaker, probe);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask InvokeCoreAsync(ProxyContext context, ProxyStageDelegate next, CircuitBreaker breaker, bool probe)
    {
        var counted = false;
        try
        {
            await next(context).ConfigureAwait(false);
            if (UpstreamOutcome.Failed(context) is { } failed)
            {
                breaker.OnResult(failed, probe);
                counted = true;
            }
        }
        finally
        {
            if (probe && !counted)
            {
                breaker.ReleaseProbe();
            }
        }
    }

    private static ValueTask RejectAsync(ProxyContext context, CircuitBreaker breaker)
    {
        context.CircuitOpen = true;
        if (breaker.Config.Fallback is not { } fallback)
        {
            context.Error = ForwarderError.CircuitOpen;
            return ValueTask.CompletedTask;
        }

        var response = context.HttpContext.Response;
        response.StatusCode = fallback.Status;
        foreach (var (name, value) in fallback.Headers)
        {
            response.Headers[name] = value;
        }

        if (fallback.Body.Length == 0)
        {
            response.ContentLength = 0;
            return ValueTask.CompletedTask;
        }

        return new ValueTask(response.WriteAsync(fallback.Body, context.HttpContext.RequestAborted));
    }
}

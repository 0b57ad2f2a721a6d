using System.Buffers;
using System.Runtime.CompilerServices;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Atrium.Gateway.Resilience;

/// <summary>
/// Retries a failed attempt on routes with <c>retry.enabled</c>: runs the rest of the pipeline (load balancing and
/// forwarding) again, on an endpoint not tried yet when there is one, after an exponential, jittered wait, while the
/// cluster's retry budget allows. Only idempotent methods (unless the route says otherwise), only before any of the
/// answer reached the client, and only requests without a body or with one small enough to buffer and replay.
/// </summary>
internal sealed class RetryStage(GatewayMetrics metrics, TimeProvider time) : IProxyStage
{
    public string Name => "retry";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var policy = context.Route!.Retry;
        if (policy is null
            || !policy.AppliesTo(context.HttpContext.Request.Method)
            || context.HttpContext.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            return next(context);
        }

        return RetryAsync(context, next, policy);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RetryAsync(ProxyContext context, ProxyStageDelegate next, RetryPolicy policy)
    {
        var http = context.HttpContext;
        byte[]? pooled = null;
        // A body an earlier stage has read already (a plugin, which may have rewritten it, or llm routing) is
        // replayed as it is; the stream is read.
        if (context.RequestBody is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            var length = http.Request.ContentLength;
            var routeLimit = context.Route!.Config.MaxRequestBodySize;
            if (length is null || length > policy.Config.MaxBufferedBodySize || (routeLimit > 0 && length > routeLimit))
            {
                // Chunked or too large to hold: streamed once, never retried.
                await next(context).ConfigureAwait(false);
                return;
            }

            pooled = ArrayPool<byte>.Shared.Rent((int)length.Value);
            if (!await TryBufferAsync(context, pooled, (int)length.Value).ConfigureAwait(false))
            {
                ArrayPool<byte>.Shared.Return(pooled);
                return;
            }
        }

        var cluster = context.Cluster!;
        var retry = new RetryState(policy, cluster.RetryBudget);
        context.Retry = retry;
        try
        {
            while (true)
            {
                await next(context).ConfigureAwait(false);
                retry.OnAttemptEnded(context.Endpoint);
                retry.SawConnectFailure |= context.ConnectFailed;
                if (!ShouldRetry(context, retry))
                {
                    break;
                }

                retry.OnRetry();
                try
                {
                    await Task.Delay(policy.Backoff(retry.Retries), time, http.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    context.Error = ForwarderError.ClientDisconnected;
                    break;
                }

                context.Error = ForwarderError.None;
                context.Endpoint = null;
                context.UpstreamStatus = 0;
                context.ConnectFailed = false;
            }
        }
        finally
        {
            retry.ReleaseAll();
            context.ConnectFailed |= retry.SawConnectFailure;
            if (pooled is not null)
            {
                context.RequestBody = null;
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }

        if (retry.Retries > 0)
        {
            metrics.Retried(cluster.Name, context.Route!.Id, retry.Retries, UpstreamOutcome.Failed(context) == false);
        }

        if (retry.BudgetExhausted)
        {
            metrics.RetryBudgetExhausted(cluster.Name, context.Route!.Id);
        }
    }

    private static bool ShouldRetry(ProxyContext context, RetryState retry)
    {
        if (context.Error == ForwarderError.RetryableStatus)
        {
            // The forwarder reserved this retry before dropping the answer.
            return true;
        }

        if (context.HttpContext.Response.HasStarted)
        {
            return false;
        }

        var policy = retry.Policy;
        var retryable = context.Error switch
        {
            ForwarderError.UpstreamUnavailable => context.ConnectFailed ? policy.OnConnectFailure : policy.OnReset,
            ForwarderError.UpstreamTimeout => policy.OnTimeout,
            _ => false,
        };
        return retryable && retry.TryReserve();
    }

    private static async ValueTask<bool> TryBufferAsync(ProxyContext context, byte[] buffer, int length)
    {
        var body = context.HttpContext.Request.Body;
        var read = 0;
        try
        {
            while (read < length)
            {
                var count = await body.ReadAsync(buffer.AsMemory(read, length - read), context.HttpContext.RequestAborted).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }
        }
        catch (Exception ex) when (context.HttpContext.RequestAborted.IsCancellationRequested || ex is BadHttpRequestException or IOException)
        {
            context.Error = context.HttpContext.RequestAborted.IsCancellationRequested
                ? ForwarderError.ClientDisconnected
                : ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    ? ForwarderError.RequestBodyTooLarge
                    : ForwarderError.RequestBodyClient;
            return false;
        }

        if (read < length)
        {
            context.Error = ForwarderError.RequestBodyClient;
            return false;
        }

        context.RequestBody = buffer.AsMemory(0, length);
        return true;
    }
}

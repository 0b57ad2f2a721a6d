using System.Globalization;
using System.Threading.RateLimiting;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// Applies routes' <c>rateLimit</c>: over the limit, 429 <c>RATE_LIMITED</c> with <c>Retry-After</c>,
/// <c>RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c> (IETF draft names, seconds) and <c>RateLimit-Policy</c>.
/// Never queues. A <c>store: redis</c> limit is decided by Redis, or, while Redis is down, by the local fallback.
/// </summary>
internal sealed class RateLimitStage(PolicyMetrics metrics, RateLimitStoreMetrics storeMetrics) : IProxyStage
{
    public string Name => "rate-limit";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var limiter = context.Route!.Policies.RateLimit as RouteRateLimiter;
        if (limiter is null)
        {
            return next(context);
        }

        if (limiter.Store is { } store)
        {
            return SharedAsync(context, next, limiter, store);
        }

        using var lease = limiter.TryAcquire(context);
        return Admit(context, next, limiter, lease);
    }

    private async ValueTask SharedAsync(ProxyContext context, ProxyStageDelegate next, RouteRateLimiter limiter, RedisLimitStore store)
    {
        var route = context.Route!.Id;
        RateLimitLease? lease;
        if (await store.TryDecideAsync(route, limiter.PartitionOf(context), limiter.Config).ConfigureAwait(false) is { } decision)
        {
            lease = decision.Admitted ? WindowLease.Acquired : WindowLease.Refused(decision.RetryAfter);
        }
        else
        {
            lease = limiter.TryAcquire(context);
            storeMetrics.Fallback(route, lease is null || lease.IsAcquired);
        }

        using (lease)
        {
            await Admit(context, next, limiter, lease).ConfigureAwait(false);
        }
    }

    private ValueTask Admit(ProxyContext context, ProxyStageDelegate next, RouteRateLimiter limiter, RateLimitLease? lease)
    {
        if (lease is null || lease.IsAcquired)
        {
            // Window and bucket permits are not returned on release, so the lease need not outlive this check.
            return next(context);
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limiter.Config.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Error = ForwarderError.RateLimited;
        ResponseHeadersOnStart.Set(context.HttpContext.Response,
        [
            new(HeaderNames.RetryAfter, seconds),
            new("RateLimit-Limit", limiter.LimitHeader),
            new("RateLimit-Remaining", "0"),
            new("RateLimit-Reset", seconds),
            new("RateLimit-Policy", limiter.PolicyHeader),
        ]);
        metrics.Decision(context.Route!.Id, "rate_limit", "limited");
        return ValueTask.CompletedTask;
    }
}

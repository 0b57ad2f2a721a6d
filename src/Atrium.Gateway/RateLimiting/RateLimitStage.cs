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
/// Never queues.
/// </summary>
internal sealed class RateLimitStage(PolicyMetrics metrics) : IProxyStage
{
    public string Name => "rate-limit";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var limiter = context.Route!.Policies.RateLimit;
        if (limiter is null)
        {
            return next(context);
        }

        using (var lease = limiter.TryAcquire(context))
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
            metrics.Decision(context.Route.Id, "rate_limit", "limited");
            return ValueTask.CompletedTask;
        }
    }
}

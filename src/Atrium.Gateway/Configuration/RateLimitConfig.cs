using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// A route's rate limit (<c>gateway.routes[i].rateLimit</c>): over it, 429 <c>RATE_LIMITED</c> with
/// <c>Retry-After</c> and <c>RateLimit-*</c>. A reload rebuilds the limiter only when this block changes.
/// </summary>
public sealed class RateLimitConfig : IValidatableConfig
{
    /// <summary><c>tokenBucket</c> or <c>slidingWindow</c>. Default <c>tokenBucket</c>.</summary>
    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.TokenBucket;

    /// <summary>Requests admitted per <see cref="Window"/> and key. Required, at least 1.</summary>
    [Range(1, 100_000_000, ErrorMessage = "must be between 1 and 100000000")]
    public int Limit { get; set; }

    /// <summary>The period <see cref="Limit"/> applies to. Default 1 s.</summary>
    [DurationRange("00:00:00.1", "1.00:00:00", ErrorMessage = "must be between 100ms and 1d")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Token bucket only: the bucket size, i.e. the largest burst. 0 means <see cref="Limit"/>. Default 0.</summary>
    [Range(0, 100_000_000)]
    public int Burst { get; set; }

    /// <summary>What is counted separately: <c>clientIp</c>, <c>subject</c>, <c>apiKey</c> or <c>header</c>. Default <c>clientIp</c>.</summary>
    public RateLimitKey Key { get; set; } = RateLimitKey.ClientIp;

    /// <summary>The header whose value is the key, with <c>key: header</c>. Default none.</summary>
    public string Header { get; set; } = "";

    /// <summary>
    /// <c>local</c> (this process) or <c>redis</c> (shared by every replica through <c>gateway.redis</c>). Default
    /// <c>local</c>.
    /// </summary>
    public RateLimitStore Store { get; set; } = RateLimitStore.Local;

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Key == RateLimitKey.Header && Header.Length == 0)
        {
            context.AddError("header", "key: header needs a header name");
        }
        else if (Key != RateLimitKey.Header && Header.Length > 0)
        {
            context.AddError("header", "only used with key: header");
        }

        if (Algorithm == RateLimitAlgorithm.SlidingWindow && Burst > 0)
        {
            context.AddError("burst", "only used with algorithm: tokenBucket");
        }
    }
}

using System.Diagnostics;
using System.Threading.RateLimiting;
using Atrium.Gateway.RateLimiting;

namespace Atrium.Gateway.Tests.RateLimiting;

public sealed class CurrentTokenBucketTests
{
    private static TokenBucketRateLimiterOptions TenPer(TimeSpan period) => new()
    {
        TokenLimit = 10,
        TokensPerPeriod = 10,
        ReplenishmentPeriod = period,
        AutoReplenishment = false,
        QueueLimit = 0,
    };

    [Fact]
    public async Task AttemptAcquire_NoTimerTick_RefillsForTheTimeElapsed()
    {
        using var bucket = new CurrentTokenBucket(TenPer(TimeSpan.FromSeconds(1)));
        Leases.Drain(bucket).ShouldBe(10);
        var clock = Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromMilliseconds(450));

        // Nothing called TryReplenish: every token after the first ten came from the acquires themselves.
        var refilled = Leases.Drain(bucket);
        var earned = (int)(clock.Elapsed.TotalSeconds * 10);
        // 4.5 tokens earned at least; whole tokens only, and a margin for the timer firing a little early.
        refilled.ShouldBeGreaterThanOrEqualTo(3);
        refilled.ShouldBeLessThanOrEqualTo(Math.Min(10, earned + 1));
    }

    [Fact]
    public void AttemptAcquire_FullBucket_AdmitsNoMoreThanTheLimit()
    {
        using var bucket = new CurrentTokenBucket(TenPer(TimeSpan.FromHours(1)));

        Leases.Drain(bucket).ShouldBe(10);
        bucket.AttemptAcquire().IsAcquired.ShouldBeFalse();
    }
}

using System.Diagnostics;
using System.Threading.RateLimiting;
using Atrium.Gateway.RateLimiting;
using Atrium.Testing;

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
        // Started first: the bucket earns from its construction, so any pause before the first drain counts too.
        var clock = Stopwatch.StartNew();
        using var bucket = new CurrentTokenBucket(TenPer(TimeSpan.FromSeconds(1)));
        var first = Leases.Drain(bucket);

        // Nothing calls TryReplenish: a token that comes at all came from the acquires themselves. However slow the
        // machine, one is earned within a tenth of a second of the drain.
        var refilled = 0;
        await Eventually.UntilAsync(() => (refilled = Leases.Drain(bucket)) > 0, "an acquire refills the bucket", interval: TimeSpan.FromMilliseconds(10));
        var earned = (int)(clock.Elapsed.TotalSeconds * 10);

        first.ShouldBeGreaterThanOrEqualTo(10);
        // No more than the ten it started with and what it earned since construction (one more for rounding).
        (first + refilled).ShouldBeLessThanOrEqualTo(10 + earned + 1);
    }

    [Fact]
    public void AttemptAcquire_FullBucket_AdmitsNoMoreThanTheLimit()
    {
        using var bucket = new CurrentTokenBucket(TenPer(TimeSpan.FromHours(1)));

        Leases.Drain(bucket).ShouldBe(10);
        bucket.AttemptAcquire().IsAcquired.ShouldBeFalse();
    }
}

using System.Threading.RateLimiting;
using Atrium.Gateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Gateway.Tests.RateLimiting;

public sealed class CurrentSlidingWindowTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AttemptAcquire_FullWindow_RefusesUntilTheTakingSegmentLeaves()
    {
        using var window = new CurrentSlidingWindow(10, TimeSpan.FromSeconds(1), 10, _clock);
        Leases.Drain(window).ShouldBe(10);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Leases.Drain(window).ShouldBe(0);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Leases.Drain(window).ShouldBe(10);
    }

    [Fact]
    public void AttemptAcquire_PermitsSpreadOverSegments_ReturnSegmentBySegment()
    {
        using var window = new CurrentSlidingWindow(10, TimeSpan.FromSeconds(1), 10, _clock);
        for (var i = 0; i < 10; i++)
        {
            window.AttemptAcquire().IsAcquired.ShouldBeTrue();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        // At 1.0 s the first segment has left: one permit back, and one more every 100 ms.
        Leases.Drain(window).ShouldBe(1);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Leases.Drain(window).ShouldBe(2);
    }

    [Fact]
    public void AttemptAcquire_NoCallsForLongerThanTheWindow_StartsEmpty()
    {
        using var window = new CurrentSlidingWindow(10, TimeSpan.FromSeconds(1), 10, _clock);
        Leases.Drain(window).ShouldBe(10);

        // Nothing ticks in between: the position comes from the clock alone.
        _clock.Advance(TimeSpan.FromHours(3));

        Leases.Drain(window).ShouldBe(10);
    }

    [Fact]
    public void AttemptAcquire_Refused_RetryAfterIsTheTimeUntilEnoughPermitsReturn()
    {
        using var window = new CurrentSlidingWindow(4, TimeSpan.FromSeconds(1), 10, _clock);
        window.AttemptAcquire(2).IsAcquired.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromMilliseconds(350));
        window.AttemptAcquire(2).IsAcquired.ShouldBeTrue();

        using var one = window.AttemptAcquire(1);
        using var three = window.AttemptAcquire(3);

        one.IsAcquired.ShouldBeFalse();
        one.TryGetMetadata(MetadataName.RetryAfter, out var first).ShouldBeTrue();
        first.ShouldBe(TimeSpan.FromMilliseconds(650));
        three.TryGetMetadata(MetadataName.RetryAfter, out var second).ShouldBeTrue();
        second.ShouldBe(TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public void IdleDuration_HoldsPermits_IsNullUntilTheyLeave()
    {
        using var window = new CurrentSlidingWindow(10, TimeSpan.FromSeconds(1), 10, _clock);
        window.AttemptAcquire().IsAcquired.ShouldBeTrue();
        window.IdleDuration.ShouldBeNull();

        _clock.Advance(TimeSpan.FromSeconds(3));

        window.IdleDuration.ShouldBe(TimeSpan.FromSeconds(3));
        window.GetStatistics()!.CurrentAvailablePermits.ShouldBe(10);
    }

    [Fact]
    public void AttemptAcquire_MorePermitsThanTheLimit_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() =>
            new CurrentSlidingWindow(10, TimeSpan.FromSeconds(1), 10, _clock).AttemptAcquire(11));

    [Fact]
    public async Task AttemptAcquire_ManyThreads_NeverAdmitsMoreThanTheLimit()
    {
        using var window = new CurrentSlidingWindow(1000, TimeSpan.FromSeconds(1), 10, _clock);
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var lease = window.AttemptAcquire();
                if (lease.IsAcquired)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));

        admitted.ShouldBe(1000);
    }
}

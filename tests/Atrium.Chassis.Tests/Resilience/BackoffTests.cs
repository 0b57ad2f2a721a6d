using Atrium.Chassis.Resilience;

namespace Atrium.Chassis.Tests.Resilience;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Ceiling_AttemptCountsFailuresFromOne_DoublesFromTheBaseUpToTheCap(int attempt, int expectedMs) =>
        Backoff.Ceiling(attempt, Base, Max).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));

    [Theory]
    [InlineData(0.0, 200)]
    [InlineData(0.5, 300)]
    [InlineData(1.0, 400)]
    [InlineData(-3.0, 200)]
    [InlineData(7.0, 400)]
    public void Delay_GivenJitter_FallsBetweenHalfAndAllOfTheCeiling(double jitter, int expectedMs) =>
        Backoff.Delay(3, Base, Max, jitter).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(1, 0)]
    public void Delay_NoFailureOrNoBase_WaitsNothing(int attempt, int baseMs) =>
        Backoff.Delay(attempt, TimeSpan.FromMilliseconds(baseMs), Max).ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Delay_CapBelowTheBase_NeverExceedsTheCap() =>
        Backoff.Delay(1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1).ShouldBe(TimeSpan.FromSeconds(1));

    [Fact]
    public void Delay_ManyFailures_StaysWithinHalfAndAllOfTheCeiling()
    {
        for (var attempt = 1; attempt < 64; attempt++)
        {
            var delay = Backoff.Delay(attempt, Base, Max);
            var ceiling = Math.Min(100 * Math.Pow(2, Math.Min(attempt - 1, 30)), 5000);
            delay.TotalMilliseconds.ShouldBeInRange(ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Delay_RandomJitter_SpreadsTheWaits()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(3, Base, Max)).Distinct().Count();

        // 1001 possible jitters: 50 draws all alike would mean the jitter is not random at all.
        delays.ShouldBeGreaterThan(1);
    }
}

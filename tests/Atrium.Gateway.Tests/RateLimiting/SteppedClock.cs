namespace Atrium.Gateway.Tests.RateLimiting;

/// <summary>A clock that moves only when told, for limiter tests that must not depend on the machine's speed.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks = TimeSpan.TicksPerDay;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

namespace Atrium.Testing;

/// <summary>
/// The system clock moved by <see cref="Offset"/>, which a test may change at any time: a module on it issues tokens
/// that are already expired (a negative offset), or a client on it sees its tokens age past their renewal. Timers and
/// timestamps stay the system's, so the module runs at the usual pace.
/// </summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    private long _offsetTicks = offset.Ticks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

using System.Diagnostics;

namespace Atrium.Testing;

/// <summary>
/// The machine's clock, which a test moves, for a module that must keep running at the usual pace (its listeners,
/// batching and relays on real timers) where <c>FakeTimeProvider</c>, which stands still until told, would stall it.
/// <see cref="Skip"/> moves it ahead at once: timestamps and UTC time jump, and every timer whose deadline the skip
/// passes fires. <see cref="WallClockOffset"/> sets the wall clock alone off, either way, as on a machine whose clock is
/// set wrong: UTC time moves, timestamps and timers do not. Between moves time runs as usual, so a module on this clock
/// behaves as on <see cref="TimeProvider.System"/>. Tests give breaks, ejections, windows and lifetimes minutes of
/// length and skip them, instead of short ones that they sleep through and that a slow machine lets run out too early.
/// </summary>
public sealed class SkippableClock : TimeProvider
{
    /// <summary>Where timestamps start: a day in, as on a machine some time after boot, so that none is near zero.</summary>
    private static readonly TimeSpan Start = TimeSpan.FromDays(1);

    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly HashSet<SkippableTimer> _timers = [];
    private long _skippedTicks;
    private long _wallClockOffsetTicks;

    /// <summary>
    /// How far the wall clock is set off, on top of what was skipped: a module on this clock issues tokens already
    /// expired (a negative offset) or sees its tokens age. Zero at first; a test may set it at any time.
    /// </summary>
    public TimeSpan WallClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _wallClockOffsetTicks));
        set => Interlocked.Exchange(ref _wallClockOffsetTicks, value.Ticks);
    }

    private TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    /// <summary>Monotonic time on this clock: the machine's, plus everything skipped.</summary>
    private TimeSpan Now => Start + Stopwatch.GetElapsedTime(_origin) + Skipped;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.Ticks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Skipped + WallClockOffset;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SkippableTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock ahead by <paramref name="by"/>; timers that fall due fire soon after, on the thread pool.</summary>
    public void Skip(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _skippedTicks, by.Ticks);
        SkippableTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    private void Forget(SkippableTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>
    /// A deadline on the clock, served by a system timer for the real time left; a skip replaces that timer. Each
    /// system timer carries the generation it was armed in, so one replaced or disposed meanwhile fires nothing.
    /// </summary>
    private sealed class SkippableTimer(SkippableClock clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _system;
        private TimeSpan? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private long _generation;
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                Arm(dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime);
                return true;
            }
        }

        public void Rearm()
        {
            lock (_gate)
            {
                if (!_disposed && _dueAt is { } dueAt)
                {
                    Arm(dueAt);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                Arm(null);
            }

            clock.Forget(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan? dueAt)
        {
            _generation++;
            _system?.Dispose();
            _system = null;
            _dueAt = dueAt;
            if (dueAt is not { } at)
            {
                return;
            }

            var generation = _generation;
            var wait = at - clock.Now;
            _system = TimeProvider.System.CreateTimer(_ => Fire(generation), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        private void Fire(long generation)
        {
            lock (_gate)
            {
                if (_disposed || generation != _generation)
                {
                    return;
                }

                // The next tick of a periodic timer is one period after this one fired, as with a late system timer:
                // a skip of several periods gives one tick, not a burst.
                Arm(_period > TimeSpan.Zero ? clock.Now + _period : null);
            }

            callback(state);
        }
    }
}

using System.Threading.RateLimiting;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// A sliding window of <c>segments</c> counters whose position is computed from the clock at every acquire. The
/// framework's <see cref="SlidingWindowRateLimiter"/> advances one segment per timer tick, so on a saturated machine,
/// where ticks run late, its window stretches and it admits well below its limit.
/// </summary>
/// <remarks>
/// Same contract as the framework's window: permits taken in a segment return when that segment leaves the window,
/// one window after the segment began; segment 0 begins when the limiter is created.
/// </remarks>
internal sealed class CurrentSlidingWindow : ReplenishingRateLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly int[] _counts;
    private readonly long _start;
    private readonly long _segmentLength;
    private readonly TimeSpan _segmentPeriod;
    private long _segment;
    private int _used;
    private long _lastActivity;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public CurrentSlidingWindow(int limit, TimeSpan window, int segments, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _time = time;
        _limit = limit;
        _counts = new int[segments];
        _segmentPeriod = window / segments;
        _segmentLength = Math.Max(1, (long)(_segmentPeriod.TotalSeconds * time.TimestampFrequency));
        _start = time.GetTimestamp();
        _lastActivity = _start;
    }

    /// <summary>False: the window moves by the clock at each call, and the partitioned limiter's timer only reports idleness.</summary>
    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _segmentPeriod;

    /// <summary>How long the window has been empty and untouched, or null while it holds permits.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = AdvanceToNow();
                return _used == 0 ? _time.GetElapsedTime(_lastActivity, now) : null;
            }
        }
    }

    public override bool TryReplenish()
    {
        lock (_lock)
        {
            AdvanceToNow();
            return true;
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            AdvanceToNow();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _limit - _used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = AdvanceToNow();
            _lastActivity = now;
            if (_limit - _used >= permitCount)
            {
                if (permitCount > 0)
                {
                    _counts[(int)(_segment % _counts.Length)] += permitCount;
                    _used += permitCount;
                    _successful++;
                }

                return WindowLease.Acquired;
            }

            _failed++;
            return WindowLease.Refused(RetryAfter(now, permitCount - (_limit - _used)));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<RateLimitLease>(cancellationToken)
            : ValueTask.FromResult(AttemptAcquireCore(permitCount));

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _disposed = true;
        }

        base.Dispose(disposing);
    }

    /// <summary>Moves the window to the segment the clock is in now, forgetting the segments it leaves; returns now.</summary>
    private long AdvanceToNow()
    {
        var now = _time.GetTimestamp();
        var segment = (now - _start) / _segmentLength;
        var steps = segment - _segment;
        if (steps <= 0)
        {
            return now;
        }

        if (steps >= _counts.Length)
        {
            Array.Clear(_counts);
            _used = 0;
        }
        else
        {
            for (var i = 1; i <= steps; i++)
            {
                ref var count = ref _counts[(int)((_segment + i) % _counts.Length)];
                _used -= count;
                count = 0;
            }
        }

        _segment = segment;
        return now;
    }

    /// <summary>The time until the oldest segments leave the window with at least <paramref name="missing"/> permits.</summary>
    private TimeSpan RetryAfter(long now, int missing)
    {
        var freed = 0;
        for (var age = _counts.Length - 1; age >= 0; age--)
        {
            freed += _counts[(int)((_segment - age + _counts.Length) % _counts.Length)];
            if (freed >= missing)
            {
                // The segment `age` steps back leaves when segment (_segment - age + length) begins.
                var leaves = _start + ((_segment - age + _counts.Length) * _segmentLength);
                return _time.GetElapsedTime(now, leaves);
            }
        }

        return _segmentPeriod * _counts.Length;
    }
}

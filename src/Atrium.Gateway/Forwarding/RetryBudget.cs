namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A cluster's retry budget: retries in flight may be at most a percentage of the cluster's other requests in flight
/// (so that during an outage retries add at most about that share of load), plus a small floor of retries per second so
/// that a quiet route can still retry. A granted retry holds its token until its attempt ends.
/// </summary>
internal sealed class RetryBudget(ConcurrencyLimiter requests, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _retriesInFlight;
    private long _second = -1;
    private int _floorUsed;

    public long RetriesInFlight => Interlocked.Read(ref _retriesInFlight);

    /// <summary>Takes a token for one retry; false when the budget is spent. A taken token is given back with <see cref="Release"/>.</summary>
    public bool TryAcquire(int budgetPercent, int minRetriesPerSecond)
    {
        var count = Interlocked.Increment(ref _retriesInFlight);
        // Measured against the requests that are not retrying, so that retries cannot raise their own allowance.
        var allowed = (requests.InFlight - (count - 1)) * budgetPercent / 100;
        if (count <= allowed || TryTakeFloor(minRetriesPerSecond))
        {
            return true;
        }

        Interlocked.Decrement(ref _retriesInFlight);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _retriesInFlight);

    private bool TryTakeFloor(int perSecond)
    {
        if (perSecond <= 0)
        {
            return false;
        }

        var second = time.GetTimestamp() / time.TimestampFrequency;
        lock (_gate)
        {
            if (second != _second)
            {
                _second = second;
                _floorUsed = 0;
            }

            if (_floorUsed >= perSecond)
            {
                return false;
            }

            _floorUsed++;
            return true;
        }
    }
}

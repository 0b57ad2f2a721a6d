namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// The process-wide in-flight request count behind <c>gateway.globalConcurrencyLimit</c>. One counter for the process
/// (it survives reloads); the limit itself is set from each applied config. A plain interlocked counter, not a
/// queueing limiter: over the limit is answered at once, which is the point of shedding.
/// </summary>
internal sealed class ConcurrencyGate
{
    private int _limit;
    private int _active;

    public int Limit
    {
        get => Volatile.Read(ref _limit);
        set => Volatile.Write(ref _limit, value);
    }

    public int Active => Volatile.Read(ref _active);

    public bool TryEnter(int limit)
    {
        if (Interlocked.Increment(ref _active) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _active);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _active);
}

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Counts a cluster's requests in flight (one per client request, however many attempts it makes) and, when
/// <c>maxConcurrentRequests</c> is set, refuses those over the cap. The count also sizes the retry budget.
/// </summary>
internal sealed class ConcurrencyLimiter(int max)
{
    private long _inFlight;

    /// <summary>The cap; 0 means none.</summary>
    public int Max { get; } = max;

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Admits a request unless the cap is reached; an admitted request must call <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        var count = Interlocked.Increment(ref _inFlight);
        if (Max > 0 && count > Max)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}

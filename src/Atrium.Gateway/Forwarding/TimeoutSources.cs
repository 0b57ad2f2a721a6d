using System.Collections.Concurrent;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// The forwarder's per-request timeout sources, reused: a source nobody cancelled is reset and kept for a later
/// request, saving the source and its timer on every request (YARP pools its own the same way).
/// </summary>
internal sealed class TimeoutSources
{
    // Enough for the requests in flight on a busy listener; beyond that a returned source is simply dropped.
    private const int MaxKept = 1024;

    private readonly ConcurrentQueue<CancellationTokenSource> _kept = new();
    private int _count;

    /// <summary>A source for one request; dispose the lease when the request is done with its token.</summary>
    public TimeoutLease Rent()
    {
        if (_kept.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
            return new TimeoutLease(this, source);
        }

        return new TimeoutLease(this, new CancellationTokenSource());
    }

    internal void Return(CancellationTokenSource source)
    {
        // A cancelled source (timeout, client gone) cannot be reset. A reset one no longer notifies the registrations
        // an earlier request left on its token, so nothing of that request can fire on the next one.
        if (Interlocked.Increment(ref _count) <= MaxKept && source.TryReset())
        {
            _kept.Enqueue(source);
            return;
        }

        Interlocked.Decrement(ref _count);
        source.Dispose();
    }
}

namespace Atrium.Ordering.Application.ReadModel;

/// <summary>
/// Wakes the readers waiting on an order (<c>Prefer: wait</c>) once its view's final status is committed, so that a
/// client asks once instead of polling. In-process and best effort: a reader also looks again on its own every
/// <see cref="RecheckInterval"/>. Readers of one order share one signal; it is dropped when the order changes or the
/// last of them leaves, so orders that never finish leave nothing behind.
/// </summary>
internal sealed class OrderChanges
{
    /// <summary>
    /// How often a waiting reader reads the view again without a signal. 1 s: the projector signals every final
    /// status it commits, so this is only a safety net, and at 100 ms it was three of every four reads of the view.
    /// </summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Waiters> _waiters = [];

    /// <summary>Orders with readers waiting (for tests and diagnostics).</summary>
    public int Watched
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// Joins the readers of <paramref name="orderId"/>: the task completes at its next <see cref="Changed"/>. Take it
    /// before reading the view, and pair every call with one <see cref="Leave"/>.
    /// </summary>
    public Task Join(Guid orderId)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(orderId, out var waiters))
            {
                _waiters[orderId] = waiters = new Waiters();
            }

            waiters.Count++;
            return waiters.Signal.Task;
        }
    }

    /// <summary>Leaves the readers of <paramref name="orderId"/> that <paramref name="joined"/> came from.</summary>
    public void Leave(Guid orderId, Task joined)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(orderId, out var waiters) && waiters.Signal.Task == joined && --waiters.Count == 0)
            {
                _waiters.Remove(orderId);
            }
        }
    }

    /// <summary>Wakes every reader waiting on <paramref name="orderId"/>.</summary>
    public void Changed(Guid orderId)
    {
        Waiters? waiters;
        lock (_gate)
        {
            if (!_waiters.Remove(orderId, out waiters))
            {
                return;
            }
        }

        waiters.Signal.TrySetResult();
    }

    private sealed class Waiters
    {
        public TaskCompletionSource Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }
}

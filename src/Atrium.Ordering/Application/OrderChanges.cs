using System.Collections.Concurrent;

namespace Atrium.Ordering.Application;

/// <summary>
/// Wakes the readers waiting on an order (<c>Prefer: wait</c>) when its view moves to a final status, so that a client
/// asks once instead of polling. In-process and best effort: a reader also looks again on its own every
/// <see cref="RecheckInterval"/>, which covers a signal that came just before the view's commit.
/// </summary>
internal sealed class OrderChanges
{
    /// <summary>How often a waiting reader reads the view again without a signal. 100 ms.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiters = new();

    /// <summary>Completes at the next <see cref="Changed"/> of <paramref name="orderId"/>; take it before reading the view.</summary>
    public Task WhenChanged(Guid orderId) =>
        _waiters.GetOrAdd(orderId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes every reader waiting on <paramref name="orderId"/>.</summary>
    public void Changed(Guid orderId)
    {
        if (_waiters.TryRemove(orderId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    /// <summary>Forgets the waiters of an order whose readers all gave up, so that orders never finished leave nothing behind.</summary>
    public void Forget(Guid orderId, Task changed)
    {
        if (_waiters.TryGetValue(orderId, out var waiters) && waiters.Task == changed && !changed.IsCompleted)
        {
            _waiters.TryRemove(KeyValuePair.Create(orderId, waiters));
        }
    }
}

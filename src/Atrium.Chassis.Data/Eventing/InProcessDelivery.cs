namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// One published message on its way to the subscriptions it was queued for: <see cref="Handled"/> completes once each
/// of them has acknowledged it (handled, or parked after the last attempt), which is when the outbox relay may count
/// it as delivered.
/// </summary>
internal sealed class InProcessDelivery
{
    private readonly TaskCompletionSource _handled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    public InProcessDelivery(EventEnvelope envelope, int subscriptions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subscriptions);
        Envelope = envelope;
        _pending = subscriptions;
    }

    public EventEnvelope Envelope { get; }

    public Task Handled => _handled.Task;

    /// <summary>One subscription is done with the message.</summary>
    public void Acknowledge()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _handled.TrySetResult();
        }
    }
}

using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>
/// Passes publishes on to <c>inner</c> only once <c>batch</c> of them are in flight together, as a broker whose
/// confirms come per flush would answer a burst: a publisher that waits for each confirm before the next never gets one.
/// </summary>
internal sealed class BatchConfirmTransport(IEventTransport inner, int batch) : IEventTransport
{
    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public async ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _started) >= batch)
        {
            _full.TrySetResult();
        }

        await _full.Task.WaitAsync(cancellationToken);
        await inner.PublishAsync(topic, envelope, cancellationToken);
    }

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(topic, subscription, handler, cancellationToken);
}

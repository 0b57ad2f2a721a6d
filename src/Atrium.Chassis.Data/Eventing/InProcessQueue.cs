using System.Threading.Channels;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// One subscription's bounded queue in the in-process transport. It outlives its consumers, like a durable broker
/// queue, so messages left when a consumer stops go to the next consumer of the same subscription.
/// </summary>
internal sealed class InProcessQueue : IDisposable
{
    private readonly Channel<InProcessDelivery> _channel;

    // Messages taken from the channel for a delivery and not acknowledged yet, oldest first. They belong to the queue,
    // not to the consumer, so a consumer stopped mid-delivery leaves them first in line for the next one.
    private readonly Queue<InProcessDelivery> _taken = new();
    private readonly Lock _takenGate = new();
    private readonly IDisposable _depthTracking;
    private InProcessConsumer? _consumer;

    public InProcessQueue(string topic, string subscription, int capacity, EventingMetrics metrics)
    {
        Topic = topic;
        Subscription = subscription;
        _channel = Channel.CreateBounded<InProcessDelivery>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _depthTracking = metrics.TrackQueueDepth(subscription, () => Count);
    }

    public string Topic { get; }

    public string Subscription { get; }

    public ChannelReader<InProcessDelivery> Reader => _channel.Reader;

    /// <summary>Messages not yet acknowledged, those of a delivery in progress included.</summary>
    public int Count
    {
        get
        {
            lock (_takenGate)
            {
                return _taken.Count + _channel.Reader.Count;
            }
        }
    }

    /// <summary>
    /// Adds up to <paramref name="max"/> of the oldest unacknowledged messages to <paramref name="batch"/> without
    /// removing them from the queue; false when there is none.
    /// </summary>
    public bool TryPeek(List<EventEnvelope> batch, int max)
    {
        lock (_takenGate)
        {
            foreach (var delivery in _taken)
            {
                if (batch.Count == max)
                {
                    break;
                }

                batch.Add(delivery.Envelope);
            }

            while (batch.Count < max && _channel.Reader.TryRead(out var next))
            {
                _taken.Enqueue(next);
                batch.Add(next.Envelope);
            }

            return batch.Count > 0;
        }
    }

    /// <summary>Removes the <paramref name="count"/> oldest messages: they were handled or parked.</summary>
    public void Acknowledge(int count)
    {
        lock (_takenGate)
        {
            for (var i = 0; i < count && _taken.TryDequeue(out var delivery); i++)
            {
                delivery.Acknowledge();
            }
        }
    }

    /// <summary>Waits while the queue is full (back-pressure on the relay), then queues the message.</summary>
    public ValueTask EnqueueAsync(InProcessDelivery delivery, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(delivery, cancellationToken);

    /// <summary>
    /// Queues a retained message into a new, empty queue; it always fits (retention ≤ capacity). Its publish completed
    /// before this queue existed, so nobody waits for this copy.
    /// </summary>
    public bool TryEnqueue(EventEnvelope envelope) => _channel.Writer.TryWrite(new InProcessDelivery(envelope, 1));

    public void Attach(InProcessConsumer consumer)
    {
        if (Interlocked.CompareExchange(ref _consumer, consumer, null) is not null)
        {
            throw new InvalidOperationException(
                $"Subscription '{Subscription}' of '{Topic}' already has a consumer; the in-process transport allows one per subscription.");
        }
    }

    public void Detach(InProcessConsumer consumer) => Interlocked.CompareExchange(ref _consumer, null, consumer);

    public void Dispose() => _depthTracking.Dispose();
}

using System.Threading.Channels;

namespace Atrium.Chassis.Eventing;

/// <summary>
/// One subscription's bounded queue in the in-process transport. It outlives its consumers, like a durable broker
/// queue, so messages left when a consumer stops go to the next consumer of the same subscription.
/// </summary>
internal sealed class InProcessQueue : IDisposable
{
    private readonly Channel<EventEnvelope> _channel;
    private readonly IDisposable _depthTracking;
    private InProcessConsumer? _consumer;

    public InProcessQueue(string topic, string subscription, int capacity, EventingMetrics metrics)
    {
        Topic = topic;
        Subscription = subscription;
        _channel = Channel.CreateBounded<EventEnvelope>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _depthTracking = metrics.TrackQueueDepth(subscription, () => _channel.Reader.Count);
    }

    public string Topic { get; }

    public string Subscription { get; }

    public ChannelReader<EventEnvelope> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    /// <summary>Waits while the queue is full (back-pressure on the relay), then queues the message.</summary>
    public ValueTask EnqueueAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(envelope, cancellationToken);

    /// <summary>Queues a retained message into a new, empty queue; it always fits (retention ≤ capacity).</summary>
    public bool TryEnqueue(EventEnvelope envelope) => _channel.Writer.TryWrite(envelope);

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

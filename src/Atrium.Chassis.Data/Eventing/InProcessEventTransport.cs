using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The event transport of one process (<c>--target=all</c>): a bounded queue and a consumer loop per subscription.
/// Publishing completes once the message is queued for every subscription of the topic (waiting while a queue is
/// full). Queues live in memory and die with the process, so the outbox relay publishes through
/// <see cref="PublishTrackedAsync"/> and marks a row published only once every subscription has acknowledged the
/// message, that is committed it to its inbox (or parked it after the last attempt); a kill -9 before that leaves the
/// row pending, and it is published again after the restart, the inbox skipping what was already applied.
/// </summary>
/// <remarks>
/// One window is left: a message published while its topic has no subscription yet (a module's relay runs before a
/// later module subscribes) counts as delivered at once and reaches the late subscriber from memory
/// (<see cref="InProcessTransportOptions.LateSubscriberWindow"/>), so a crash before that subscriber commits it loses it.
/// </remarks>
internal sealed class InProcessEventTransport : IEventTransport, IDeliveryTrackingTransport
{
    private readonly ConcurrentDictionary<string, InProcessTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ParkedMessage> _parked = new();
    private readonly InProcessTransportOptions _options;
    private readonly EventingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public InProcessEventTransport(InProcessTransportOptions options, EventingMetrics metrics, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ValidateOptions(options);
        _options = options;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("Atrium.Eventing.InProcess");
        _timeProvider = timeProvider;
    }

    /// <summary>Messages whose handler failed every attempt, most recent last.</summary>
    public IReadOnlyCollection<ParkedMessage> Parked => _parked.ToArray();

    public static void ValidateOptions(InProcessTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("RetryMaxDelay must not be less than RetryBaseDelay.");
        }

        // A batch in delivery has left the channel, so a queue holds up to QueueCapacity + MaxBatchSize messages.
        if (options.MaxBatchSize > options.QueueCapacity)
        {
            errors.Add("MaxBatchSize must not be more than QueueCapacity.");
        }

        OptionsValidation.ThrowIfInvalid(options, nameof(InProcessTransportOptions), errors);
    }

    public async ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken) =>
        _ = await PublishTrackedAsync(topic, envelope, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(envelope);
        var queues = GetTopic(topic).Accept(envelope, _timeProvider.GetUtcNow());
        if (queues.Length == 0)
        {
            return Task.CompletedTask;
        }

        var delivery = new InProcessDelivery(envelope, queues.Length);
        foreach (var queue in queues)
        {
            await queue.EnqueueAsync(delivery, cancellationToken).ConfigureAwait(false);
        }

        return delivery.Handled;
    }

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        Subscribe(topic, subscription, handler, null);

    public ValueTask<IEventSubscription> SubscribeAsync(
        string topic, string subscription, EventEnvelopeHandler handler, EventBatchHandler batchHandler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchHandler);
        return Subscribe(topic, subscription, handler, batchHandler);
    }

    private ValueTask<IEventSubscription> Subscribe(string topic, string subscription, EventEnvelopeHandler handler, EventBatchHandler? batchHandler)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        var queue = GetTopic(topic).GetOrCreateQueue(subscription, _timeProvider.GetUtcNow());
        var consumer = new InProcessConsumer(queue, handler, batchHandler, this, _options, _metrics, _logger, _timeProvider);
        consumer.Start();
        return ValueTask.FromResult<IEventSubscription>(consumer);
    }

    internal void Park(ParkedMessage message)
    {
        _parked.Enqueue(message);
        while (_parked.Count > _options.ParkedCapacity && _parked.TryDequeue(out _))
        {
        }
    }

    private InProcessTopic GetTopic(string topic) =>
        _topics.GetOrAdd(topic, static (name, self) => new InProcessTopic(name, self._options, self._metrics), this);
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// The consumer of one subscription's queue: takes up to <see cref="RabbitMqOptions.Prefetch"/> messages ahead, hands
/// what has arrived to the batch handler at once (or one at a time), and acknowledges a message only once its handler
/// returned, that is once the inbox transaction committed. A failing message is tried again in place with backoff and,
/// after <see cref="RabbitMqOptions.MaxDeliveries"/> tries, moved to the subscription's dead-letter queue (confirmed
/// there before it is acknowledged here). Whatever is not acknowledged when the channel or the process goes, the broker
/// delivers again; the inbox skips what was already applied.
/// </summary>
internal sealed partial class RabbitMqConsumer : IEventSubscription
{
    private readonly RabbitMqEventTransport _transport;
    private readonly EventEnvelopeHandler _handler;
    private readonly EventBatchHandler? _batchHandler;
    private readonly RabbitMqOptions _options;
    private readonly EventingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<RabbitMqDelivery> _deliveries = Channel.CreateUnbounded<RabbitMqDelivery>(new() { SingleReader = true });
    private readonly CancellationTokenSource _wake = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Lock _gate = new();
    private IChannel? _channel;
    private RabbitMqSession? _session;
    private Task _loop = Task.CompletedTask;
    private Task? _stopping;

    public RabbitMqConsumer(
        RabbitMqEventTransport transport,
        string topic,
        string name,
        EventEnvelopeHandler handler,
        EventBatchHandler? batchHandler,
        RabbitMqOptions options,
        EventingMetrics metrics,
        ILogger logger,
        TimeProvider timeProvider)
    {
        _transport = transport;
        Topic = topic;
        Name = name;
        _handler = handler;
        _batchHandler = batchHandler;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string Topic { get; }

    public string Name { get; }

    private bool Stopped => _wake.IsCancellationRequested;

    public void Start()
    {
        _loop = Task.Run(RunAsync);
        EventingLog.SubscriptionStarted(_logger, Name, Topic);
    }

    /// <summary>
    /// Declares the subscription's queues on <paramref name="session"/> and consumes from them on a new channel; the
    /// channel of an earlier session is dead by then, and what arrived on it is dropped (the broker has it again). An
    /// attach to a session older than the one attached already (a subscribe that raced a reconnect) is dropped instead.
    /// </summary>
    public async Task AttachAsync(RabbitMqSession session, CancellationToken cancellationToken)
    {
        if (Stopped)
        {
            return;
        }

        var channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        session.Watch(channel, $"the channel of subscription {Name}");
        await RabbitMqTopology.DeclareSubscriptionAsync(channel, _options.Exchange, Topic, Name, session.QueueType, cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)_options.Prefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            _deliveries.Writer.TryWrite(Read(channel, delivery));
            return Task.CompletedTask;
        };
        // The broker cancels a consumer whose queue was deleted: a new session declares it again and consumes anew.
        consumer.UnregisteredAsync += (_, _) =>
        {
            if (!Stopped)
            {
                session.End($"the broker cancelled the consumer of {Name} (its queue was deleted?)");
            }

            return Task.CompletedTask;
        };
        IChannel? previous;
        lock (_gate)
        {
            if (Stopped || session.Number < _session?.Number)
            {
                _ = CloseAsync(channel);
                return;
            }

            previous = _channel;
            _channel = channel;
            _session = session;
        }

        if (previous is not null)
        {
            // The channel of a session that ended: closed already with its connection; released here.
            await CloseAsync(previous).ConfigureAwait(false);
        }

        await channel.BasicConsumeAsync(RabbitMqTopology.Queue(Name), autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing without a stop first abandons the handler in flight at once.
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _wake.Dispose();
        _hardStop.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        IChannel? channel;
        lock (_gate)
        {
            _wake.Cancel();
            channel = _channel;
        }

        // The message in hand is finished until the token fires; closing the channel then gives the broker back every
        // message not acknowledged, for the next consumer of the queue.
        await using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _hardStop).ConfigureAwait(false))
        {
            await _loop.ConfigureAwait(false);
        }

        _transport.Remove(this);
        if (channel is not null)
        {
            await CloseAsync(channel).ConfigureAwait(false);
        }

        EventingLog.SubscriptionStopped(_logger, Name, Topic);
    }

    private static RabbitMqDelivery Read(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        RabbitMqMessage.TryRead(delivery.BasicProperties, delivery.RoutingKey, body, out var envelope, out var malformed);
        return new RabbitMqDelivery(channel, delivery.DeliveryTag, delivery.BasicProperties, body, envelope, malformed);
    }

    private static async Task CloseAsync(IChannel channel)
    {
        try
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing a channel of a lost connection fails; the broker has its messages back either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        channel.Dispose();
    }
}

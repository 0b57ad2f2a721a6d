using Atrium.Chassis.Resilience;
using Atrium.Contracts.Events;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// The event transport of services in separate processes: one connection per process to a RabbitMQ broker. A publish
/// goes to the durable topic exchange with the event type as routing key, persistent and mandatory, and returns once
/// the broker confirmed it, so the outbox relay marks a row only then. Each subscription consumes its own durable
/// queue (see <see cref="RabbitMqConsumer"/>). A lost connection is made again with backoff, topology and consumers
/// with it; meanwhile publishes fail at once with <see cref="EventPublishException.BrokerUnavailable"/>, the relay
/// pauses (<see cref="IBrokerStatus"/>) and the outbox keeps filling. Every connection also declares the queues of
/// every subscription of the system (<see cref="IEventTypeRegistry.Subscriptions"/>), consumed here or not, so that a publish
/// reaches the queue of a subscriber whose process has not started yet.
/// </summary>
internal sealed class RabbitMqEventTransport : IEventTransport, IDeliveryTrackingTransport, IBrokerStatus, IAsyncDisposable
{
    private readonly RabbitMqOptions _options;
    private readonly ConnectionFactory _factory;
    private readonly EventingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _endpoint;
    private readonly IReadOnlyCollection<EventSubscription> _system;
    private readonly Lock _gate = new();
    private readonly List<RabbitMqConsumer> _consumers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _connectedGauge;
    private RabbitMqSession? _session;
    private string _status = "not connected yet";
    private Task? _loop;
    private int _disposed;

    /// <param name="options">The broker and the delivery policy.</param>
    /// <param name="system">
    /// The subscriptions of the whole system, declared on every connection; a subscription consumed here must be one
    /// of them. Empty: only the subscriptions consumed here are declared (a test's own topology).
    /// </param>
    /// <param name="metrics">The eventing metrics of the process.</param>
    /// <param name="loggerFactory">The process's loggers.</param>
    /// <param name="timeProvider">The clock of backoffs and dead-letter stamps.</param>
    public RabbitMqEventTransport(
        RabbitMqOptions options, IReadOnlyCollection<EventSubscription> system, EventingMetrics metrics, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ValidateOptions(options);
        _options = options;
        _system = system;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("Atrium.Eventing.RabbitMq");
        _timeProvider = timeProvider;
        _factory = RabbitMqConnectionFactory.Create(options);
        _endpoint = $"{_factory.HostName}:{_factory.Port}{(_factory.VirtualHost == "/" ? "/" : "/" + _factory.VirtualHost)}";
        _connectedGauge = metrics.TrackBrokerConnected(() => IsConnected ? 1 : 0);
    }

    public bool IsConnected => Volatile.Read(ref _session) is { IsOpen: true };

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public static void ValidateOptions(RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options, nameof(RabbitMqOptions), options.Problems().Select(p => $"{p.Key} {p.Message}."));
    }

    public string Describe() => IsConnected ? $"connected to {_endpoint}" : $"{_endpoint} unreachable: {Volatile.Read(ref _status)}";

    /// <summary>Starts connecting, and reconnecting whenever the connection is lost; completes once the first attempt connected or failed.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }

        return _firstAttempt.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(envelope);
        await CurrentSession().PublishAsync(_options.Exchange, topic, RabbitMqMessage.Properties(envelope), envelope.Payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the publish and returns its confirm without waiting for it: the relay goes on with the rows behind it
    /// meanwhile and marks this one once the confirm is in. The confirm is not cancellable here: the relay gives up on
    /// it after its publish timeout, and the broker's answer, or the loss of the connection, ends it.
    /// </summary>
    public ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        var confirmed = CurrentSession().PublishAsync(_options.Exchange, topic, RabbitMqMessage.Properties(envelope), envelope.Payload, CancellationToken.None);
        return ValueTask.FromResult(confirmed);
    }

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        SubscribeCoreAsync(topic, subscription, handler, null, cancellationToken);

    public ValueTask<IEventSubscription> SubscribeAsync(
        string topic, string subscription, EventEnvelopeHandler handler, EventBatchHandler batchHandler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchHandler);
        return SubscribeCoreAsync(topic, subscription, handler, batchHandler, cancellationToken);
    }

    /// <summary>Publishes straight to <paramref name="queue"/> (a dead letter, or one moved back), waiting for the confirm.</summary>
    internal async Task PublishToQueueAsync(string queue, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConfirmTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await CurrentSession().PublishAsync("", queue, properties, body, linked.Token).ConfigureAwait(false);
    }

    internal void Remove(RabbitMqConsumer consumer)
    {
        lock (_gate)
        {
            _consumers.Remove(consumer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _connectedGauge.Dispose();
        _stopping.Dispose();
    }

    private async ValueTask<IEventSubscription> SubscribeCoreAsync(
        string topic, string subscription, EventEnvelopeHandler handler, EventBatchHandler? batchHandler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        if (_system.Count > 0 && !_system.Contains(new EventSubscription(topic, subscription)))
        {
            // Other processes would not declare its queue: what is published while this one is down would be lost.
            throw new InvalidOperationException(
                $"Subscription '{subscription}' of '{topic}' is not in EventSubscriptions.All; list it there so every process declares its queue.");
        }

        var consumer = new RabbitMqConsumer(this, topic, subscription, handler, batchHandler, _options, _metrics, _logger, _timeProvider);
        RabbitMqSession? session;
        lock (_gate)
        {
            if (_consumers.Exists(c => c.Name == subscription))
            {
                throw new InvalidOperationException($"Subscription '{subscription}' already has a consumer in this process.");
            }

            _consumers.Add(consumer);
            session = _session;
        }

        consumer.Start();
        if (session is { IsOpen: true })
        {
            await AttachAsync(consumer, session, cancellationToken).ConfigureAwait(false);
        }

        return consumer;
    }

    private RabbitMqSession CurrentSession() =>
        Volatile.Read(ref _session) is { IsOpen: true } session
            ? session
            : throw new EventPublishException(EventPublishException.BrokerUnavailable, $"no connection to {_endpoint} ({Volatile.Read(ref _status)})");

    /// <summary>Attaches a consumer; a failure ends the session, and the next one attaches every consumer again.</summary>
    private static async Task AttachAsync(RabbitMqConsumer consumer, RabbitMqSession session, CancellationToken cancellationToken)
    {
        try
        {
            await consumer.AttachAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            session.End($"subscription {consumer.Name} could not consume its queue: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            RabbitMqSession? session = null;
            try
            {
                session = await RabbitMqSession.OpenAsync(_factory, _options, _system, stopping).ConfigureAwait(false);
                List<RabbitMqConsumer> consumers;
                lock (_gate)
                {
                    consumers = [.. _consumers];
                    Volatile.Write(ref _session, session);
                }

                foreach (var consumer in consumers)
                {
                    await AttachAsync(consumer, session, stopping).ConfigureAwait(false);
                }

                if (session.IsOpen)
                {
                    failures = 0;
                    RabbitMqLog.Connected(_logger, _endpoint, session.QueueType, consumers.Count);
                    _firstAttempt.TrySetResult();
                }

                var reason = await session.Ended.WaitAsync(stopping).ConfigureAwait(false);
                // A session that ended before it was whole (a queue refused) backs off like a failed connect.
                failures++;
                Volatile.Write(ref _status, reason);
                RabbitMqLog.ConnectionLost(_logger, _endpoint, reason);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                Volatile.Write(ref _status, $"{ex.GetType().Name}: {ex.Message}");
                RabbitMqLog.ConnectFailed(_logger, _endpoint, failures, ex);
            }
            finally
            {
                lock (_gate)
                {
                    if (_session == session)
                    {
                        Volatile.Write(ref _session, null);
                    }
                }

                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }

                _firstAttempt.TrySetResult();
            }

            try
            {
                await Task.Delay(Backoff.Delay(failures, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay), _timeProvider, stopping)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}

using Atrium.Contracts.Events;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// One connection to the broker and its publishing channel, with publisher confirms: a publish returns once the broker
/// has confirmed it (the message is in every queue it routes to, on disk for persistent messages in durable queues),
/// and throws <see cref="EventPublishException"/> on a nack, an unroutable message or a lost connection. The
/// connection is never recovered in place: once it is lost (or a consumer's channel fails) the session ends, and the
/// transport opens a new one and declares everything again.
/// </summary>
internal sealed class RabbitMqSession : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private static long s_opened;

    private readonly IConnection _connection;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IChannel? _publisher;

    private RabbitMqSession(IConnection connection, RabbitMqQueueType queueType)
    {
        _connection = connection;
        QueueType = queueType;
        _connection.ConnectionShutdownAsync += (_, args) =>
        {
            End($"connection closed by {args.Initiator}: {args.ReplyText}");
            return Task.CompletedTask;
        };
    }

    public IConnection Connection => _connection;

    /// <summary>Orders the sessions of the process: a later session has a larger number.</summary>
    public long Number { get; } = Interlocked.Increment(ref s_opened);

    /// <summary>The type subscription queues are declared with on this broker.</summary>
    public RabbitMqQueueType QueueType { get; }

    /// <summary>Completes with the reason once the session is over.</summary>
    public Task<string> Ended => _ended.Task;

    public bool IsOpen => !_ended.Task.IsCompleted && _connection.IsOpen;

    /// <summary>
    /// Connects, opens the publishing channel and declares on it the exchange and the queues of <paramref name="system"/>
    /// before anything is published, so that no subscriber of the system misses a message for not having started yet.
    /// </summary>
    public static async Task<RabbitMqSession> OpenAsync(
        ConnectionFactory factory, RabbitMqOptions options, IEnumerable<EventSubscription> system, CancellationToken cancellationToken)
    {
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new RabbitMqSession(connection, RabbitMqTopology.Resolve(options.QueueType, connection.ServerProperties));
        try
        {
            var publisher = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
            session.Watch(publisher, "the publishing channel");
            await RabbitMqTopology.DeclareExchangeAsync(publisher, options.Exchange, cancellationToken).ConfigureAwait(false);
            foreach (var subscription in system)
            {
                await RabbitMqTopology.DeclareSubscriptionAsync(publisher, options.Exchange, subscription.Topic, subscription.Name, session.QueueType, cancellationToken)
                    .ConfigureAwait(false);
            }

            session._publisher = publisher;
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends the session when <paramref name="channel"/> closes other than by our own close.</summary>
    public void Watch(IChannel channel, string what)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel.ChannelShutdownAsync += (_, args) =>
        {
            if (args.Initiator != ShutdownInitiator.Application)
            {
                End($"{what} closed by {args.Initiator}: {args.ReplyText}");
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Ends the session: the transport's loop then closes it and connects again.</summary>
    public void End(string reason) => _ended.TrySetResult(reason);

    /// <summary>Publishes, mandatory, and waits for the broker's confirm: a message no queue takes fails as <see cref="EventPublishException.NoRoute"/>.</summary>
    public async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var publisher = _publisher ?? throw new EventPublishException(EventPublishException.BrokerUnavailable, "the connection is still opening");
        try
        {
            await publisher.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, cancellationToken).ConfigureAwait(false);
        }
        catch (PublishException ex) when (ex.IsReturn)
        {
            var where = exchange.Length == 0 ? $"queue '{routingKey}'" : $"'{routingKey}' on exchange '{exchange}'";
            throw new EventPublishException(EventPublishException.NoRoute, $"no queue is bound for {where} yet: no subscriber of it has started against this broker", ex);
        }
        catch (PublishException ex)
        {
            throw new EventPublishException(EventPublishException.Nacked, "the broker refused the message", ex);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException or IOException)
        {
            throw new EventPublishException(EventPublishException.BrokerUnavailable, $"the connection was lost ({ex.GetType().Name})", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        End("closed");
        try
        {
            await _connection.CloseAsync(CloseTimeout).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A connection already lost cannot be closed politely; disposing it is all that is left.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _connection.Dispose();
    }
}

using RabbitMQ.Client;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// The broker objects Atrium declares, idempotently, on every connection: a durable topic exchange, and per
/// subscription a durable queue bound to it by the event's type name and a durable dead-letter queue beside it.
/// Declaring what exists with the same arguments changes nothing; with other arguments (another queue type) the broker
/// refuses it, and the error names the queue.
/// </summary>
internal static class RabbitMqTopology
{
    /// <summary>What the dead-letter queue's name adds to its subscription's queue name.</summary>
    public const string DeadLetterSuffix = ".dead-letter";

    /// <summary>The queue of <paramref name="subscription"/>: its name as it is (e.g. <c>payments.open-account.user-registered</c>).</summary>
    public static string Queue(string subscription) => subscription;

    /// <summary>The dead-letter queue of <paramref name="subscription"/>: <c>SUBSCRIPTION.dead-letter</c>.</summary>
    public static string DeadLetterQueue(string subscription) => subscription + DeadLetterSuffix;

    /// <summary>The queue type to declare: <paramref name="configured"/>, with auto resolved by the server's version.</summary>
    public static RabbitMqQueueType Resolve(RabbitMqQueueType configured, IDictionary<string, object?>? serverProperties)
    {
        if (configured != RabbitMqQueueType.Auto)
        {
            return configured;
        }

        var version = serverProperties?.TryGetValue("version", out var value) == true ? RabbitMqHeaders.Text(value) : null;
        return Version.TryParse(version?.Split('-', '+')[0], out var parsed) && parsed >= new Version(3, 8)
            ? RabbitMqQueueType.Quorum
            : RabbitMqQueueType.Classic;
    }

    public static Task DeclareExchangeAsync(IChannel channel, string exchange, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    /// <summary>Declares the subscription's queue and dead-letter queue and binds the queue to <paramref name="topic"/>.</summary>
    public static async Task DeclareSubscriptionAsync(
        IChannel channel, string exchange, string topic, string subscription, RabbitMqQueueType queueType, CancellationToken cancellationToken)
    {
        var arguments = Arguments(queueType);
        await channel.QueueDeclareAsync(Queue(subscription), durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadLetterQueue(subscription), durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await channel.QueueBindAsync(Queue(subscription), exchange, topic, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The delivery limit of a quorum queue: never reached. RabbitMQ 4 gives quorum queues a limit of 20 deliveries by
    /// default and then drops the message (ours have no dead-letter exchange); a listing of dead letters hands them
    /// back, which counts on 4.0 to 4.2. Atrium dead-letters a message itself after <c>maxDeliveries</c> (100 at most), so
    /// the broker must never give up on its own. The largest positive value rather than 4.x's -1 ("no limit"): 3.x
    /// accepts only non-negative values, and the argument must be the same on every version a queue lives through.
    /// </summary>
    public const int QuorumDeliveryLimit = int.MaxValue;

    // A classic queue is declared without the argument, as one declared by hand or by an older broker would be.
    private static Dictionary<string, object?>? Arguments(RabbitMqQueueType queueType) =>
        queueType == RabbitMqQueueType.Quorum ? new() { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = QuorumDeliveryLimit } : null;
}

using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// Reads and replays the dead-letter queue of a subscription (<c>SUBSCRIPTION.dead-letter</c>, see
/// <see cref="RabbitMqTopology"/>) over a connection of its own: what <c>atrium events dead-letters</c> is built on.
/// Listing takes the messages without acknowledging them and hands them back with one nack; replaying moves each back to
/// the subscription's own queue (not through the exchange, so no other subscription gets it twice), confirmed there
/// before it leaves the dead-letter queue. A message replayed twice is applied once: the inbox has its id.
/// </summary>
internal sealed class RabbitMqDeadLetters(RabbitMqOptions options)
{
    private const ushort NotFound = 404;

    /// <summary>Up to <paramref name="max"/> dead letters of <paramref name="subscription"/>, oldest first; null when it has no dead-letter queue.</summary>
    public async Task<IReadOnlyList<DeadLetter>?> ListAsync(string subscription, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscription);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await RabbitMqConnectionFactory.Create(options).CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(connection, RabbitMqTopology.DeadLetterQueue(subscription), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var letters = new List<DeadLetter>();
        ulong last = 0;
        while (letters.Count < max
            && await channel.BasicGetAsync(RabbitMqTopology.DeadLetterQueue(subscription), autoAck: false, cancellationToken).ConfigureAwait(false) is { } got)
        {
            letters.Add(Read(got));
            last = got.DeliveryTag;
        }

        if (last != 0)
        {
            // Handed back by an explicit nack, not by closing the channel: RabbitMQ 4.3 and later count a nack with
            // requeue as no failed delivery, so listing never brings a dead letter closer to a delivery limit.
            await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken).ConfigureAwait(false);
        }

        return letters;
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> dead letters of <paramref name="subscription"/> back to its queue, oldest
    /// first; returns how many moved, or null when it has no dead-letter queue.
    /// </summary>
    public async Task<int?> ReplayAsync(string subscription, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscription);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await RabbitMqConnectionFactory.Create(options).CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        var deadLetters = RabbitMqTopology.DeadLetterQueue(subscription);
        if (!await ExistsAsync(connection, deadLetters, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var moved = 0;
        while (moved < max && await channel.BasicGetAsync(deadLetters, autoAck: false, cancellationToken).ConfigureAwait(false) is { } got)
        {
            var properties = RabbitMqMessage.Copy(got.BasicProperties, WithoutBookkeeping(got.BasicProperties.Headers));
            await channel.BasicPublishAsync("", RabbitMqTopology.Queue(subscription), mandatory: true, properties, got.Body, cancellationToken).ConfigureAwait(false);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        return moved;
    }

    private static DeadLetter Read(BasicGetResult got)
    {
        var properties = got.BasicProperties;
        var headers = properties.Headers;
        return new DeadLetter(
            properties.MessageId,
            properties.Type,
            RabbitMqHeaders.Get(headers, RabbitMqHeaders.DeadLetterSubscription),
            int.TryParse(RabbitMqHeaders.Get(headers, RabbitMqHeaders.DeadLetterAttempts), CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            RabbitMqHeaders.Get(headers, RabbitMqHeaders.DeadLetterError),
            DateTimeOffset.TryParse(RabbitMqHeaders.Get(headers, RabbitMqHeaders.DeadLetteredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : null,
            got.Body.ToArray());
    }

    private static Dictionary<string, object?> WithoutBookkeeping(IDictionary<string, object?>? headers) =>
        (headers ?? new Dictionary<string, object?>()).Where(h => !RabbitMqHeaders.IsClientBookkeeping(h.Key)).ToDictionary(StringComparer.Ordinal);

    // A passive declare of a missing queue closes the channel; a throwaway channel keeps the caller's.
    private static async Task<bool> ExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == NotFound)
        {
            return false;
        }
    }
}

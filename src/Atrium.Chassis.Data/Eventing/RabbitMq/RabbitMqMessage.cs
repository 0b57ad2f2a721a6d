using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// An <see cref="EventEnvelope"/> as an AMQP message: persistent, the event's id as <c>message-id</c> (what the inbox
/// deduplicates on), its type name as <c>type</c>, the payload as the JSON body, and the trace context and the exact
/// time it happened as headers.
/// </summary>
internal static class RabbitMqMessage
{
    private const string ContentType = "application/json";

    public static BasicProperties Properties(EventEnvelope envelope)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [RabbitMqHeaders.OccurredAt] = envelope.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (envelope.Traceparent is not null)
        {
            headers[RabbitMqHeaders.Traceparent] = envelope.Traceparent;
            // The relay publishes inside its producer span, whose id is the envelope's traceparent: its state goes along.
            var tracestate = envelope.Tracestate
                ?? (Activity.Current is { } current && current.Id == envelope.Traceparent ? current.TraceStateString : null);
            if (!string.IsNullOrEmpty(tracestate))
            {
                headers[RabbitMqHeaders.Tracestate] = tracestate;
            }
        }

        return new BasicProperties
        {
            MessageId = envelope.MessageId.ToString("D"),
            Type = envelope.Type,
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(envelope.OccurredAt.ToUnixTimeSeconds()),
            Headers = headers,
        };
    }

    /// <summary>
    /// Reads a delivered message back into an envelope; false with the reason when it has no event id, which the inbox
    /// needs (such a message is dead-lettered at once, never handled).
    /// </summary>
    public static bool TryRead(
        IReadOnlyBasicProperties properties, string routingKey, ReadOnlyMemory<byte> body, out EventEnvelope? envelope, out string? error)
    {
        envelope = null;
        if (!Guid.TryParse(properties.MessageId, out var messageId))
        {
            error = $"the message-id '{properties.MessageId}' is not an event id (a GUID)";
            return false;
        }

        var headers = properties.Headers;
        var occurredAt = DateTimeOffset.TryParse(RabbitMqHeaders.Get(headers, RabbitMqHeaders.OccurredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime);
        envelope = new EventEnvelope(
            messageId,
            string.IsNullOrEmpty(properties.Type) ? routingKey : properties.Type,
            occurredAt,
            body,
            RabbitMqHeaders.Get(headers, RabbitMqHeaders.Traceparent))
        {
            Tracestate = RabbitMqHeaders.Get(headers, RabbitMqHeaders.Tracestate),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// The dead letter of a message: its properties and headers (less the client's bookkeeping), and why and when it
    /// was given up on. Persistent whatever the original was.
    /// </summary>
    public static BasicProperties DeadLetter(
        IReadOnlyBasicProperties original, string topic, string subscription, int attempts, string error, DateTimeOffset at)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in original.Headers ?? new Dictionary<string, object?>())
        {
            if (!RabbitMqHeaders.IsClientBookkeeping(name))
            {
                headers[name] = value;
            }
        }

        headers[RabbitMqHeaders.DeadLetterSubscription] = subscription;
        headers[RabbitMqHeaders.DeadLetterTopic] = topic;
        headers[RabbitMqHeaders.DeadLetterAttempts] = attempts;
        headers[RabbitMqHeaders.DeadLetterError] = error;
        headers[RabbitMqHeaders.DeadLetteredAt] = at.ToString("O", CultureInfo.InvariantCulture);
        return Copy(original, headers);
    }

    /// <summary>A copy of <paramref name="original"/> with <paramref name="headers"/>, persistent.</summary>
    public static BasicProperties Copy(IReadOnlyBasicProperties original, IDictionary<string, object?> headers) => new()
    {
        MessageId = original.MessageId,
        Type = original.Type,
        ContentType = original.ContentType,
        ContentEncoding = original.ContentEncoding,
        CorrelationId = original.CorrelationId,
        Timestamp = original.Timestamp,
        AppId = original.AppId,
        DeliveryMode = DeliveryModes.Persistent,
        Headers = headers,
    };
}

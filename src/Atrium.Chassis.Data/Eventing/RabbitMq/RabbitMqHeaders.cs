using System.Text;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The message headers Atrium reads and writes, and how AMQP header values read as text.</summary>
internal static class RabbitMqHeaders
{
    /// <summary>The W3C trace context of the operation that wrote the event.</summary>
    public const string Traceparent = "traceparent";

    /// <summary>The W3C vendor trace state that goes with <see cref="Traceparent"/>.</summary>
    public const string Tracestate = "tracestate";

    /// <summary>When the event happened, ISO 8601 with the offset (the AMQP timestamp has whole seconds only).</summary>
    public const string OccurredAt = "occurred-at";

    /// <summary>On a dead letter: the subscription that gave up on it.</summary>
    public const string DeadLetterSubscription = "x-atrium-subscription";

    /// <summary>On a dead letter: the topic (event type) it was published to.</summary>
    public const string DeadLetterTopic = "x-atrium-topic";

    /// <summary>On a dead letter: how many times the handler was tried.</summary>
    public const string DeadLetterAttempts = "x-atrium-attempts";

    /// <summary>On a dead letter: the last failure, type and message.</summary>
    public const string DeadLetterError = "x-atrium-error";

    /// <summary>On a dead letter: when it was moved, ISO 8601.</summary>
    public const string DeadLetteredAt = "x-atrium-dead-lettered-at";

    /// <summary>
    /// Set by a quorum queue on a message it delivers again: how many times it was handed back unacknowledged (a lost
    /// channel, a crashed process) before.
    /// </summary>
    public const string DeliveryCount = "x-delivery-count";

    /// <summary>
    /// Headers the client library or the broker add for their own bookkeeping, never copied to another message: a
    /// replayed dead letter must not arrive counted as delivered already.
    /// </summary>
    public static bool IsClientBookkeeping(string name) =>
        name.StartsWith("x-dotnet-", StringComparison.Ordinal) || name is DeliveryCount or "x-acquired-count";

    /// <summary>A header value as text: AMQP long strings arrive as bytes.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The text of header <paramref name="name"/>, or null.</summary>
    public static string? Get(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? Text(value) : null;
}

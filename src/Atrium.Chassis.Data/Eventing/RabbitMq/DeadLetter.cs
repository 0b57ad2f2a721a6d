namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>A message in a subscription's dead-letter queue, as <see cref="RabbitMqDeadLetters.ListAsync"/> reads it.</summary>
/// <param name="MessageId">The event id (the AMQP message-id), as sent.</param>
/// <param name="Type">The event type name.</param>
/// <param name="Subscription">The subscription that gave up on it.</param>
/// <param name="Attempts">How many times its handler was tried; 0 for a message that could not be read as an event.</param>
/// <param name="Error">The last failure, type and message.</param>
/// <param name="DeadLetteredAt">When it was moved, if recorded.</param>
/// <param name="Payload">The event as UTF-8 JSON.</param>
internal sealed record DeadLetter(
    string? MessageId, string? Type, string? Subscription, int Attempts, string? Error, DateTimeOffset? DeadLetteredAt, ReadOnlyMemory<byte> Payload);

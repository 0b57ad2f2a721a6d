using System.Globalization;
using RabbitMQ.Client;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>
/// One message the broker handed a subscription, with the channel it came on: it is acknowledged on that channel, and
/// once that channel is gone the broker has it again and delivers it anew.
/// </summary>
/// <param name="Channel">The consumer channel it arrived on.</param>
/// <param name="Tag">Its delivery tag on <paramref name="Channel"/>.</param>
/// <param name="Properties">Its properties and headers, as sent.</param>
/// <param name="Body">Its body, copied out of the client's buffer.</param>
/// <param name="Envelope">The event, or null when the message is malformed.</param>
/// <param name="Malformed">Why it cannot be handled, when <paramref name="Envelope"/> is null.</param>
internal sealed record RabbitMqDelivery(
    IChannel Channel, ulong Tag, IReadOnlyBasicProperties Properties, ReadOnlyMemory<byte> Body, EventEnvelope? Envelope, string? Malformed)
{
    /// <summary>
    /// How many earlier deliveries of it ended without an acknowledgement (the quorum queue's
    /// <see cref="RabbitMqHeaders.DeliveryCount"/>; 0 on a classic queue, which does not count): each was tried at least once.
    /// </summary>
    public int EarlierDeliveries { get; } =
        long.TryParse(RabbitMqHeaders.Get(Properties.Headers, RabbitMqHeaders.DeliveryCount), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? (int)Math.Min(count, int.MaxValue)
            : 0;
}

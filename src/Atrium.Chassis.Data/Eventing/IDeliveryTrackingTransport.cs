namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// A transport that learns only later whether a message it took is safe: the in-process one once every subscription
/// has acknowledged it (committed it to its inbox, or parked it), since its queues die with the process; a broker once
/// it has confirmed the message. The outbox relay holds the row claimed until then and goes on publishing the next
/// rows meanwhile, so that one batch's wait does not hold up the events committed behind it; a row not acknowledged
/// in time is published again, and the inbox keeps its effect single.
/// </summary>
internal interface IDeliveryTrackingTransport
{
    /// <summary>
    /// Publishes as <see cref="IEventTransport.PublishAsync"/> does, returning once the message is handed over. The
    /// returned task completes once the message is safe, or faults when it was refused or lost on the way (the relay
    /// then publishes it again after a backoff); it is already complete when the message had nowhere to go.
    /// </summary>
    ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken);
}

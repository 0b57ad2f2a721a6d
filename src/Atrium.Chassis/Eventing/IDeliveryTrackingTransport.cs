namespace Atrium.Chassis.Eventing;

/// <summary>
/// A transport whose queues die with the process (the in-process one): a publish completes once the message is queued,
/// which is no promise to deliver it after a crash. The outbox relay therefore also waits until every subscription has
/// acknowledged the message (committed it to its inbox, or parked it) before it marks the row published; a row not
/// acknowledged by then is published again, and the inbox keeps its effect single.
/// </summary>
internal interface IDeliveryTrackingTransport
{
    /// <summary>
    /// Publishes as <see cref="IEventTransport.PublishAsync"/> does. The returned task completes once every
    /// subscription the message was queued for has acknowledged it; it is already complete when there was none.
    /// </summary>
    ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken);
}

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Moves serialized events from publishers to named subscriptions. A topic is an event type name; every subscription
/// of a topic gets every message published to it (fan-out), and a message is delivered at least once to each.
/// </summary>
/// <remarks>
/// The process shares one transport through <see cref="Modularity.ModuleContext"/>: the in-process transport by
/// default, or another implementation shared as <see cref="IEventTransport"/> before the first module initializes
/// (RabbitMQ: one topic exchange with the topic as routing key, one durable queue per subscription, publisher
/// confirms, acknowledgements after the handler returned; see <see cref="RabbitMq.RabbitMqEventTransport"/>).
/// </remarks>
internal interface IEventTransport
{
    /// <summary>
    /// Publishes <paramref name="envelope"/> to <paramref name="topic"/>. Completes once the transport has taken
    /// responsibility for delivering it to every subscription (a broker's publisher confirm); throws otherwise, and
    /// the caller publishes it again.
    /// </summary>
    ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>
    /// Starts consuming the subscription <paramref name="subscription"/> of <paramref name="topic"/>, creating it if it
    /// does not exist. <paramref name="handler"/> returning acknowledges a message; throwing redelivers it.
    /// </summary>
    /// <returns>The running consumer; stop it when the module stops.</returns>
    ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SubscribeAsync(string, string, EventEnvelopeHandler, CancellationToken)"/>, and when several
    /// messages are waiting the transport may hand them to <paramref name="batchHandler"/> at once. A transport without
    /// batches delivers one at a time, which this default does.
    /// </summary>
    /// <returns>The running consumer; stop it when the module stops.</returns>
    ValueTask<IEventSubscription> SubscribeAsync(
        string topic, string subscription, EventEnvelopeHandler handler, EventBatchHandler batchHandler, CancellationToken cancellationToken) =>
        SubscribeAsync(topic, subscription, handler, cancellationToken);
}

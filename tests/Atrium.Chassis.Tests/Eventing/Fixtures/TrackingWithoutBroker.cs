using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>
/// <paramref name="inner"/>'s publishes and acknowledgements without its broker status: a tracking transport that
/// depends on no broker, as the in-process one.
/// </summary>
internal sealed class TrackingWithoutBroker(HeldAcknowledgementTransport inner) : IEventTransport, IDeliveryTrackingTransport
{
    public ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken) =>
        inner.PublishAsync(topic, envelope, cancellationToken);

    public ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken) =>
        inner.PublishTrackedAsync(topic, envelope, cancellationToken);

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(topic, subscription, handler, cancellationToken);
}

using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>Fails the first <c>failures</c> publishes (all of them when negative), then passes them on.</summary>
internal sealed class FlakyTransport(IEventTransport inner, int failures) : IEventTransport
{
    private int _publishes;

    public int Publishes => Volatile.Read(ref _publishes);

    public ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _publishes);
        if (failures < 0 || n <= failures)
        {
            throw new InvalidOperationException($"transport down (publish {n})");
        }

        return inner.PublishAsync(topic, envelope, cancellationToken);
    }

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(topic, subscription, handler, cancellationToken);
}

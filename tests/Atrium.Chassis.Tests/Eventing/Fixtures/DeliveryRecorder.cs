using System.Collections.Concurrent;
using Atrium.Chassis.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A raw subscription (no inbox) that counts deliveries per message id.</summary>
public sealed class DeliveryRecorder
{
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();

    public int Total => Deliveries.Values.Sum();

    public static async Task<(DeliveryRecorder Recorder, IEventSubscription Subscription)> SubscribeAsync(IEventTransport transport, string topic, string name)
    {
        var recorder = new DeliveryRecorder();
        var subscription = await transport.SubscribeAsync(topic, name, (envelope, _) =>
        {
            recorder.Deliveries.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return (recorder, subscription);
    }
}

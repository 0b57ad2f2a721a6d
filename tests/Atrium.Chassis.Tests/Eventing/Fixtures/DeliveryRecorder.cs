using System.Collections.Concurrent;
using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A raw subscription (no inbox) that counts deliveries per message id.</summary>
internal sealed class DeliveryRecorder
{
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();

    public int Total => Deliveries.Values.Sum();

    /// <summary>Subscribes a recorder; with <paramref name="hold"/>, each delivery first waits for it (or for a hard stop): a stuck subscriber.</summary>
    public static async Task<(DeliveryRecorder Recorder, IEventSubscription Subscription)> SubscribeAsync(
        IEventTransport transport, string topic, string name, Task? hold = null)
    {
        var recorder = new DeliveryRecorder();
        var subscription = await transport.SubscribeAsync(topic, name, async (envelope, cancellationToken) =>
        {
            if (hold is not null)
            {
                await hold.WaitAsync(cancellationToken);
            }

            recorder.Deliveries.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
        }, CancellationToken.None);
        return (recorder, subscription);
    }
}

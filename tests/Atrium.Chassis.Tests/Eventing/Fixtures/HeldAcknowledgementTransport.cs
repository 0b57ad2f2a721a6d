using System.Collections.Concurrent;
using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>
/// A transport that takes every message and says it is safe only when the test says so, as a broker whose confirms
/// have not come yet (a connected broker, <see cref="IBrokerStatus"/>); or, with <c>refuseAtOnce</c>, one whose answer
/// to each publish is already a refusal.
/// </summary>
internal sealed class HeldAcknowledgementTransport(bool refuseAtOnce = false) : IEventTransport, IDeliveryTrackingTransport, IBrokerStatus
{
    private readonly ConcurrentQueue<(Guid MessageId, TaskCompletionSource Acknowledgement)> _published = new();

    /// <summary>Every message taken so far, in order, with the acknowledgement the test completes.</summary>
    public IReadOnlyList<(Guid MessageId, TaskCompletionSource Acknowledgement)> Published => [.. _published];

    public bool IsConnected => true;

    public string Describe() => "held";

    public ValueTask PublishAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The relay publishes through PublishTrackedAsync.");

    public ValueTask<Task> PublishTrackedAsync(string topic, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var acknowledgement = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (refuseAtOnce)
        {
            acknowledgement.SetException(new InvalidOperationException("refused by the broker"));
        }

        _published.Enqueue((envelope.MessageId, acknowledgement));
        return ValueTask.FromResult(acknowledgement.Task);
    }

    public ValueTask<IEventSubscription> SubscribeAsync(string topic, string subscription, EventEnvelopeHandler handler, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Nothing subscribes through this transport.");
}

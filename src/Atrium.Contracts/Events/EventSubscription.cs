namespace Atrium.Contracts.Events;

/// <summary>A subscription of the system: its stable name (the queue and the inbox key) and the event type it takes.</summary>
/// <param name="Topic">The stable name of the event type (<see cref="EventTypes"/>).</param>
/// <param name="Name">The subscription's name, e.g. <c>payments.settle-payment.order-confirmed</c>.</param>
public sealed record EventSubscription(string Topic, string Name);

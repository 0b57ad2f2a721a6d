using Atrium.Contracts.Events;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The events and subscriptions of the system, given to eventing by the host (shared in the
/// <see cref="Modularity.ModuleContext"/> before the first module initializes) so that the chassis knows the
/// mechanism and not the business: the stable name of each event type, its serializer, and every subscription a
/// broker transport declares a queue for.
/// </summary>
public interface IEventTypeRegistry
{
    /// <summary>Every subscription of the system, whichever module holds it.</summary>
    IReadOnlyCollection<EventSubscription> Subscriptions { get; }

    /// <summary>The stable name of <paramref name="eventType"/>: what outbox rows, inbox rows and the transport carry.</summary>
    /// <exception cref="InvalidOperationException">The type is not registered.</exception>
    string NameOf(Type eventType);

    /// <summary>Serializes <paramref name="integrationEvent"/> as its concrete type.</summary>
    /// <exception cref="InvalidOperationException">The type is not registered.</exception>
    byte[] Serialize(IntegrationEvent integrationEvent);

    /// <summary>Deserializes a payload stored or sent under the event name <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The name is unknown.</exception>
    /// <exception cref="System.Text.Json.JsonException">The payload is not valid for the type.</exception>
    IntegrationEvent Deserialize(string name, ReadOnlySpan<byte> payload);
}

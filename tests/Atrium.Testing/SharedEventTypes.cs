using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;

namespace Atrium.Testing;

/// <summary>The system's events and subscriptions, as the executable shares them with eventing (<c>Modules.CreateEventTypes</c>).</summary>
public static class SharedEventTypes
{
    public static IEventTypeRegistry Instance { get; } =
        new EventTypeRegistry(EventTypes.All, IntegrationEventJsonContext.Default, EventSubscriptions.All);
}

using System.Diagnostics.CodeAnalysis;
using Atrium.Contracts.Events;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Reacts to one integration event type. Resolved per delivery from a DI scope, so it may take the service's scoped
/// <c>DbContext</c>: make the state change on it (and add outbox events to it) without committing; the inbox saves and
/// commits it together with the inbox row, so a redelivered message is skipped. Throwing rolls everything back and the
/// message is delivered again.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
[SuppressMessage("Naming", "CA1711", Justification = "A handler of integration events, not a .NET event delegate; the name is the services' contract.")]
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IntegrationEvent
{
    /// <summary>Applies <paramref name="integrationEvent"/>.</summary>
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

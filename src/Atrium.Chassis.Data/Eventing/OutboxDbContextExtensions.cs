using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The outbox of a <see cref="DbContext"/> whose model calls <see cref="EventingModelBuilderExtensions.AddOutbox"/>.</summary>
public static class OutboxDbContextExtensions
{
    /// <summary>
    /// The outbox of <paramref name="context"/>: <c>context.Outbox().Add(@event)</c>, then <c>SaveChangesAsync</c> with
    /// the state change. Events are named and serialized by the <see cref="IEventTypeRegistry"/> of the services the
    /// context was created from (<c>AddEventing</c> registers it).
    /// </summary>
    /// <exception cref="InvalidOperationException">The context's services have no <see cref="IEventTypeRegistry"/>.</exception>
    public static OutboxWriter Outbox(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OutboxWriter(context, context.GetService<IEventTypeRegistry>());
    }
}

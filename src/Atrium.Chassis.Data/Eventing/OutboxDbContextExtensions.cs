using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The outbox of a <see cref="DbContext"/> whose model calls <see cref="EventingModelBuilderExtensions.AddOutbox"/>.</summary>
public static class OutboxDbContextExtensions
{
    /// <summary>
    /// The outbox of <paramref name="context"/>: <c>context.Outbox().Add(@event)</c>, then <c>SaveChangesAsync</c> with
    /// the state change.
    /// </summary>
    public static OutboxWriter Outbox(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OutboxWriter(context);
    }
}

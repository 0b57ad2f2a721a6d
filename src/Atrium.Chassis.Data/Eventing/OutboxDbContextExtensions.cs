using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The outbox of a <see cref="DbContext"/> whose model calls <see cref="EventingModelBuilderExtensions.AddOutbox"/>.</summary>
public static class OutboxDbContextExtensions
{
    /// <summary>
    /// The outbox of <paramref name="context"/>: <c>context.Outbox().Add(@event)</c>, then <c>SaveChangesAsync</c> with
    /// the state change. Events are named and serialized by the <see cref="IEventTypeRegistry"/> of the services the
    /// context was created from (<c>AddEventing</c> registers it).
    /// </summary>
    /// <exception cref="InvalidOperationException">The context was not created from services that have an <see cref="IEventTypeRegistry"/>.</exception>
    public static OutboxWriter Outbox(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var eventTypes = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<IEventTypeRegistry>()
            ?? throw new InvalidOperationException(
                $"{context.GetType().Name} was not created from services with an {nameof(IEventTypeRegistry)} (AddDbContext in a module that calls AddEventing); pass the registry to Outbox.");
        return context.Outbox(eventTypes);
    }

    /// <summary>
    /// Wakes the outbox relay of <typeparamref name="TContext"/> after a commit that wrote outbox rows without
    /// <c>SaveChanges</c> (rows from <see cref="OutboxWriter.Prepare"/>), which the relay would otherwise find only at
    /// its next poll. Does nothing for a context without a relay.
    /// </summary>
    public static void NudgeOutbox<TContext>(this TContext context)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<OutboxSignal<TContext>>()?.Nudge();
    }

    /// <summary>The outbox of <paramref name="context"/>, naming and serializing events with <paramref name="eventTypes"/>.</summary>
    public static OutboxWriter Outbox(this DbContext context, IEventTypeRegistry eventTypes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(eventTypes);
        return new OutboxWriter(context, eventTypes);
    }
}

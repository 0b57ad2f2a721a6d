using Atrium.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Adds events to a <see cref="DbContext"/>'s outbox: they are saved by its next <c>SaveChanges</c>, in the same
/// transaction as the state change, and published by the relay after the commit.
/// </summary>
public sealed class OutboxWriter
{
    private readonly DbContext _context;
    private readonly IEventTypeRegistry _eventTypes;

    internal OutboxWriter(DbContext context, IEventTypeRegistry eventTypes)
    {
        _context = context;
        _eventTypes = eventTypes;
    }

    /// <summary>
    /// Adds <paramref name="event"/>, capturing the current trace context so its consumers continue the trace.
    /// </summary>
    /// <returns>The outbox row, tracked as Added.</returns>
    /// <exception cref="InvalidOperationException">The event type has no name in the <see cref="IEventTypeRegistry"/>.</exception>
    public OutboxMessage Add(IntegrationEvent @event)
    {
        var message = Prepare(@event);
        _context.Set<OutboxMessage>().Add(message);
        return message;
    }

    /// <summary>
    /// The outbox row of <paramref name="event"/> as <see cref="Add"/> would save it, not tracked: for a statement
    /// written by hand (a PostgreSQL fast path) that inserts it with the state change. Once that statement is
    /// committed, call <see cref="OutboxDbContextExtensions.NudgeOutbox{TContext}(TContext)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event type has no name in the <see cref="IEventTypeRegistry"/>.</exception>
    public OutboxMessage Prepare(IntegrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new OutboxMessage
        {
            Id = @event.Id,
            Type = _eventTypes.NameOf(@event.GetType()),
            Payload = _eventTypes.Serialize(@event),
            OccurredAt = @event.OccurredAt,
            Traceparent = EventingTelemetry.CurrentTraceparent(),
            NextAttemptAt = @event.OccurredAt,
        };
    }
}

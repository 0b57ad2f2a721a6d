using Atrium.Chassis.Persistence;
using Atrium.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Eventing;

/// <summary>
/// Delivers one message to <typeparamref name="THandler"/> behind the inbox of <typeparamref name="TContext"/>: checks
/// the inbox, runs the handler and inserts the inbox row in ONE transaction, so however often a message arrives it
/// takes effect once per subscription (I5).
/// </summary>
internal sealed class InboxConsumer<TContext, TEvent, THandler>(
    string subscription,
    IServiceScopeFactory scopes,
    EventingMetrics metrics,
    TimeProvider timeProvider,
    ILogger logger)
    where TContext : DbContext
    where TEvent : IntegrationEvent
    where THandler : class, IIntegrationEventHandler<TEvent>
{
    public async ValueTask HandleAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        using var activity = EventingTelemetry.StartProcess(envelope, subscription);
        if (EventTypes.Deserialize(envelope.Type, envelope.Payload.Span) is not TEvent @event)
        {
            throw new InvalidOperationException($"Subscription '{subscription}' expects {typeof(TEvent).Name} but got a '{envelope.Type}' message.");
        }

        bool applied;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            try
            {
                applied = await WriteTransaction.RunAsync(context, () => ApplyOnceAsync(context, handler, @event, envelope, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                if (applied && handler is ICommitObserver observer)
                {
                    observer.OnCommitted();
                }
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                // Two deliveries raced past the check; the loser's insert of the inbox key failed and rolled back its
                // effect. It is a duplicate if the key is there now; otherwise the failure is the handler's own.
                if (!await AlreadyHandledAsync(envelope.MessageId, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                applied = false;
            }
        }

        if (!applied)
        {
            metrics.Duplicate(subscription);
            EventingLog.DuplicateSkipped(logger, subscription, envelope.Type, envelope.MessageId);
        }
    }

    private async Task<bool> ApplyOnceAsync(TContext context, THandler handler, TEvent @event, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        // Runs inside the write transaction (and its turn at the write gate); a retried attempt starts from a clean slate.
        context.ChangeTracker.Clear();
        var seen = await context.Set<InboxMessage>()
            .AnyAsync(m => m.MessageId == envelope.MessageId && m.Handler == subscription, cancellationToken)
            .ConfigureAwait(false);
        if (seen)
        {
            return false;
        }

        await handler.HandleAsync(@event, cancellationToken).ConfigureAwait(false);
        context.Set<InboxMessage>().Add(new InboxMessage
        {
            MessageId = envelope.MessageId,
            Handler = subscription,
            Type = envelope.Type,
            ProcessedAt = timeProvider.GetUtcNow(),
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> AlreadyHandledAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await scope.ServiceProvider.GetRequiredService<TContext>().Set<InboxMessage>()
                .AnyAsync(m => m.MessageId == messageId && m.Handler == subscription, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}

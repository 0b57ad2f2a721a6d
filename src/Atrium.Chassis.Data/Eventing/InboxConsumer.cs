using Atrium.Chassis.Data.Persistence;
using Atrium.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Delivers messages to <typeparamref name="THandler"/> behind the inbox of <typeparamref name="TContext"/>: checks
/// the inbox, runs the handler and inserts the inbox row in ONE transaction, so however often a message arrives it
/// takes effect once per subscription (I5). A batch goes the same way: one inbox query for all of it, each unseen
/// message handled and saved in turn, one commit, so a backlog costs one write turn per batch. A handler reads what
/// the ones before it wrote through queries: the change tracker is emptied after each message. A handler that is an
/// <see cref="IBatchWriter"/> may hold its writes back and send them after the batch's last message, before the commit.
/// </summary>
internal sealed class InboxConsumer<TContext, TEvent, THandler>(
    string subscription,
    IEventTypeRegistry eventTypes,
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
        IReadOnlyList<EventEnvelope> skipped;
        try
        {
            skipped = await ApplyAsync([envelope], cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Two deliveries raced past the check; the loser's insert of the inbox key failed and rolled back its
            // effect. It is a duplicate if the key is there now; otherwise the failure is the handler's own.
            if (!await AlreadyHandledAsync(envelope.MessageId, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            skipped = [envelope];
        }

        ReportDuplicates(skipped);
    }

    // A lost race with another delivery (a DbUpdateException on the inbox key) fails the batch; the transport then
    // delivers one at a time, where the duplicate is told apart from a real failure.
    public async ValueTask HandleBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken) =>
        ReportDuplicates(await ApplyAsync(batch, cancellationToken).ConfigureAwait(false));

    /// <summary>Applies the unseen messages of <paramref name="batch"/> in one transaction; returns those skipped as seen.</summary>
    private async Task<IReadOnlyList<EventEnvelope>> ApplyAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken)
    {
        var events = new TEvent[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            events[i] = eventTypes.Deserialize(batch[i].Type, batch[i].Payload.Span) as TEvent
                ?? throw new InvalidOperationException($"Subscription '{subscription}' expects {typeof(TEvent).Name} but got a '{batch[i].Type}' message.");
        }

        // Filled by the attempt that commits (each attempt starts it afresh).
        var skipped = new List<EventEnvelope>();
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            var applied = await WriteTransaction.RunAsync(context, () => ApplyOnceAsync(context, handler, events, batch, skipped, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            if (applied > 0)
            {
                NotifyCommitted(handler);
                RecordDeliveryLag(batch, skipped);
            }
        }

        return skipped;
    }

    private void RecordDeliveryLag(IReadOnlyList<EventEnvelope> batch, List<EventEnvelope> skipped)
    {
        var now = timeProvider.GetUtcNow();
        // A message may be in a batch twice (and skipped once): each skip accounts for one copy.
        var unaccounted = skipped.Count == 0 ? null : new List<EventEnvelope>(skipped);
        foreach (var envelope in batch)
        {
            var index = unaccounted?.FindIndex(s => ReferenceEquals(s, envelope)) ?? -1;
            if (index >= 0)
            {
                unaccounted!.RemoveAt(index);
                continue;
            }

            metrics.Delivered(subscription, now - envelope.OccurredAt);
        }
    }

    private void ReportDuplicates(IReadOnlyList<EventEnvelope> skipped)
    {
        foreach (var envelope in skipped)
        {
            metrics.Duplicate(subscription);
            EventingLog.DuplicateSkipped(logger, subscription, envelope.Type, envelope.MessageId);
        }
    }

    /// <summary>
    /// Tells the handler its effect is committed. A throw here is logged, not passed on: the messages are handled, and
    /// failing the delivery would only bring them back as duplicates.
    /// </summary>
    private void NotifyCommitted(THandler handler)
    {
        if (handler is not ICommitObserver observer)
        {
            return;
        }

        try
        {
            observer.OnCommitted();
        }
#pragma warning disable CA1031 // The effect is committed whatever the observer does; nothing is left to retry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EventingLog.CommitObserverFailed(logger, subscription, ex);
        }
    }

    /// <summary>One attempt, inside the write transaction (and its write turn), from a clean slate.</summary>
    private async Task<int> ApplyOnceAsync(
        TContext context, THandler handler, TEvent[] events, IReadOnlyList<EventEnvelope> batch, List<EventEnvelope> skipped, CancellationToken cancellationToken)
    {
        context.ChangeTracker.Clear();
        skipped.Clear();
        var writer = handler as IBatchWriter;
        writer?.BeginBatch();
        var server = context.Database.IsNpgsql();
        // On PostgreSQL the batch's inbox rows go first, in one statement that returns those it inserted: the check and
        // the inserts of every message in one round trip, and a racing delivery waits for this one's commit and then
        // skips, instead of failing on the key. SQLite (one writer at a time) checks, then inserts with each message.
        var unseen = server
            ? await PostgresInboxClaim.ClaimAsync(context, subscription, batch, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : await UnseenAsync(context, batch, cancellationToken).ConfigureAwait(false);
        var applied = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            // Seen before, or twice in this batch: one effect.
            if (!unseen.Remove(batch[i].MessageId))
            {
                skipped.Add(batch[i]);
                continue;
            }

            using var activity = EventingTelemetry.StartProcess(batch[i], subscription);
            await handler.HandleAsync(events[i], cancellationToken).ConfigureAwait(false);
            if (!server)
            {
                context.Set<InboxMessage>().Add(new InboxMessage
                {
                    MessageId = batch[i].MessageId,
                    Handler = subscription,
                    Type = batch[i].Type,
                    ProcessedAt = timeProvider.GetUtcNow(),
                });
            }

            // Saved per message, so that a handler reads what the ones before it in the batch wrote; then forgotten, so
            // that each save detects changes in its own message's entities rather than in every one the batch saved.
            // A handler that wrote by statements of its own leaves nothing to save, and the save sends nothing.
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
            applied++;
        }

        if (writer is not null && applied > 0)
        {
            // What the batch's messages held back goes in one go, still before the commit.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
        }

        return applied;
    }

    private async Task<HashSet<Guid>> UnseenAsync(TContext context, IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(e => e.MessageId).ToList();
        var seen = await context.Set<InboxMessage>()
            .Where(m => m.Handler == subscription && ids.Contains(m.MessageId))
            .Select(m => m.MessageId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return [.. ids.Except(seen)];
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

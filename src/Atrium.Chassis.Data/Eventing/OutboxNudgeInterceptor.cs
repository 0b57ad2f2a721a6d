using Atrium.Chassis.Data.Persistence;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Nudges the relay once a save that added outbox rows is committed: right after <c>SaveChanges</c> when it ran in its
/// own transaction, when the caller's explicit transaction commits, or when the SQLite group commit's batch holding the
/// work commits. The happy path publishes within milliseconds instead of waiting for the next poll.
/// </summary>
internal sealed class OutboxNudgeInterceptor<TContext>(OutboxSignal<TContext> signal) : ISaveChangesInterceptor, IDbTransactionInterceptor, IGroupCommitObserver
    where TContext : DbContext
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NudgeIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NudgeIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfNoTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NudgeIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NudgeIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void Committed(DbContext context) => NudgeIfPending(context);

    public void RolledBack(DbContext context) => Forget(context);

    private void Track(DbContext? context)
    {
        if (context is TContext && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            _pending.AddOrUpdate(context, signal);
        }
    }

    private void NudgeIfCommitted(DbContext? context)
    {
        // Inside an explicit transaction the rows become visible only at its commit (TransactionCommitted).
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            NudgeIfPending(context);
        }
    }

    private void NudgeIfPending(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            signal.Nudge();
        }
    }

    private void ForgetIfNoTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Forget(context);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}

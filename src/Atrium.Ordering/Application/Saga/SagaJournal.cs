using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Resilience;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Ordering.Application.Saga;

/// <summary>
/// Saves what each saga step did, for every saga that finished a call while the last save was running, in one write
/// transaction (a group commit). The database takes one writer at a time, and on SQLite most of a one-row write is
/// the transaction's fixed cost, so saving sagas one by one made that fixed cost the ceiling on orders per second.
/// </summary>
/// <remarks>
/// Each record is checked against the version its runner read, exactly as a save of its own would be. A batch that
/// fails is saved again one record per transaction, so one bad record never holds back the others; each runner gets
/// its own record's error. A runner that stops waiting (shutdown) does not stop the save: whichever record is in the
/// database is where the saga resumes. The batching loop is the chassis's <see cref="GroupCommitLoop{T}"/>.
/// On SQLite the journal's batch is then one work in the file's group commit, and stays worth having there: the batch
/// is one scope, one read of all its records (each still checked against its own version) and one save, where
/// record-by-record works would each pay those and a savepoint in the same transaction. On PostgreSQL the journal is
/// the only group commit: writers there are not queued.
/// </remarks>
internal sealed class SagaJournal
{
    private readonly IServiceScopeFactory _scopes;
    private readonly SagaJournalReport _report;
    private readonly TimeProvider _time;
    private readonly Func<int, TimeSpan> _retryDelay;
    private readonly GroupCommitLoop<Entry> _loop;

    /// <summary>A journal whose saves each open a scope of <paramref name="scopes"/> for their context.</summary>
    public SagaJournal(IServiceScopeFactory scopes, LiveOptions<OrderingOptions> live, SagaJournalReport report, TimeProvider time)
    {
        _scopes = scopes;
        _report = report;
        _time = time;
        // Read per retry: both delays reload live, and the next retry uses the new ones.
        _retryDelay = attempt =>
        {
            var options = live.Current;
            return Backoff.Delay(attempt, options.RetryBaseDelay, options.RetryMaxDelay);
        };
        // A failure the write lets out (only a failing logger's) fails the batch; the loop goes on with the next.
        _loop = new GroupCommitLoop<Entry>(WriteAsync, static (entry, failure) => entry.Saved.TrySetException(failure));
    }

    /// <summary>
    /// Saves <paramref name="result"/> of the current step of <paramref name="seen"/> and returns the record as saved,
    /// to run on from; <see langword="null"/> when someone else moved the saga first.
    /// </summary>
    public Task<OrderSaga?> RecordAsync(OrderSaga seen, BranchResult result, CancellationToken cancellationToken) =>
        RecordAsync(new Entry(null, seen, result), cancellationToken);

    /// <summary>
    /// <see cref="RecordAsync(OrderSaga, BranchResult, CancellationToken)"/> for a runner that holds the saga's
    /// <paramref name="order"/> (as read; it is not changed): on PostgreSQL its group is then saved in one round trip
    /// with nothing read first (<see cref="PostgresSagaJournal"/>).
    /// </summary>
    public Task<OrderSaga?> RecordAsync(Order order, OrderSaga seen, BranchResult result, CancellationToken cancellationToken) =>
        RecordAsync(new Entry(order, seen, result), cancellationToken);

    private Task<OrderSaga?> RecordAsync(Entry entry, CancellationToken cancellationToken)
    {
        // Never refused: the journal's loop is never stopped. Its loop runs without this caller's trace, which matters
        // here: the outbox stamps events with the ambient activity.
        _loop.TryEnqueue(entry);
        return entry.Saved.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync(List<Entry> batch)
    {
        try
        {
            await SaveAsync(batch).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _report.BatchFailed(batch.Count, ex);
        }
        catch (Exception ex)
        {
            batch[0].Saved.TrySetException(ex);
            return;
        }

        foreach (var entry in batch)
        {
            try
            {
                await SaveAsync([entry]).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                entry.Saved.TrySetException(ex);
            }
        }
    }

    private async Task SaveAsync(List<Entry> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        if (PostgresSagaJournal.Applies(db) && batch.TrueForAll(e => e.Order is not null))
        {
            await SaveOnServerAsync(db, batch).ConfigureAwait(false);
            return;
        }

        await SaveTrackedAsync(db, batch).ConfigureAwait(false);
    }

    /// <summary>
    /// The group in one round trip: each record applied to a copy of the one its runner read, each finished saga's
    /// order moved on a copy of the runner's, all written by <see cref="PostgresSagaJournal"/>. A record whose step or
    /// order refuses the change, or whose order was not Pending in the database, goes through the tracked save on its
    /// own afterwards, which reads it afresh and gives its runner the error the rules raise.
    /// </summary>
    private async Task SaveOnServerAsync(OrderingDbContext db, List<Entry> batch)
    {
        var now = _time.GetUtcNow();
        var writes = new List<(Entry Entry, SagaWrite Write)>(batch.Count);
        var again = new List<Entry>();
        var moved = new HashSet<Guid>();
        foreach (var entry in batch)
        {
            // The batch holds the saga twice: the first is saved and the second finds it moved, as on every store.
            if (!moved.Add(entry.Seen.OrderId))
            {
                entry.Saved.TrySetResult(null);
            }
            else if (Plan(db, entry, now) is { } write)
            {
                writes.Add((entry, write));
            }
            else
            {
                again.Add(entry);
            }
        }

        var results = writes.Count == 0 ? [] : await PostgresSagaJournal.SaveAsync(db, [.. writes.Select(w => w.Write)], CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < writes.Count; i++)
        {
            var ((entry, write), (saved, seen)) = (writes[i], results[i]);
            if (saved)
            {
                entry.Saved.TrySetResult(write.Next);
                _report.Saved(entry.Seen, entry.Result, write.Next, now);
            }
            else if (seen)
            {
                again.Add(entry);
            }
            else
            {
                entry.Saved.TrySetResult(null);
            }
        }

        foreach (var entry in again)
        {
            try
            {
                await SaveTrackedAsync(db, [entry]).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                entry.Saved.TrySetException(ex);
            }
        }
    }

    /// <summary>What to write for <paramref name="entry"/>; null when the rules refuse it (the tracked save reports why).</summary>
    private SagaWrite? Plan(OrderingDbContext db, Entry entry, DateTimeOffset now)
    {
        try
        {
            var next = entry.Seen.Copy();
            next.Apply(entry.Result, now, _retryDelay);
            if (!next.IsFinished)
            {
                return new SagaWrite(entry.Seen, next);
            }

            var order = entry.Order!.Copy();
            var @event = OrderFinisher.Finish(order, next, now);
            return new SagaWrite(entry.Seen, next, entry.Order, order, db.Outbox().Prepare(@event));
        }
        catch (OrderingDomainException)
        {
            return null;
        }
    }

    private async Task SaveTrackedAsync(OrderingDbContext db, List<Entry> batch)
    {
        var (saved, savedAt) = await WriteTransaction.RunAsync(db, async () =>
        {
            db.ChangeTracker.Clear();
            // Read inside the transaction: the wait for the write turn must not make the records' times stale.
            var now = _time.GetUtcNow();
            var ids = batch.ConvertAll(e => e.Seen.OrderId);
            var sagas = await db.Sagas.Where(s => ids.Contains(s.OrderId)).ToDictionaryAsync(s => s.OrderId).ConfigureAwait(false);
            var records = new OrderSaga?[batch.Count];
            var moved = new HashSet<Guid>();
            var finished = new Dictionary<Guid, OrderSaga>();
            for (var i = 0; i < batch.Count; i++)
            {
                var (seen, result) = (batch[i].Seen, batch[i].Result);
                // Another orchestrator recorded this step first (or this batch holds the saga twice); it carries on.
                if (!sagas.TryGetValue(seen.OrderId, out var saga) || saga.Step != seen.Step || saga.UpdatedAt != seen.UpdatedAt || !moved.Add(seen.OrderId))
                {
                    continue;
                }

                saga.Apply(result, now, _retryDelay);
                records[i] = saga;
                if (saga.IsFinished)
                {
                    finished.Add(saga.OrderId, saga);
                }
            }

            if (finished.Count > 0)
            {
                await OrderFinisher.FinishAsync(db, finished, now).ConfigureAwait(false);
            }

            await db.SaveChangesAsync().ConfigureAwait(false);
            return (records, now);
        }, CancellationToken.None).ConfigureAwait(false);

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Saved.TrySetResult(saved[i]);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (saved[i] is { } saga)
            {
                _report.Saved(batch[i].Seen, batch[i].Result, saga, savedAt);
            }
        }
    }

    private sealed class Entry(Order? order, OrderSaga seen, BranchResult result)
    {
        public Order? Order { get; } = order;

        public OrderSaga Seen { get; } = seen;

        public BranchResult Result { get; } = result;

        public TaskCompletionSource<OrderSaga?> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

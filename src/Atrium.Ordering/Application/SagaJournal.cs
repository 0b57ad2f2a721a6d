using Atrium.Chassis.Configuration;
using Atrium.Chassis.Eventing;
using Atrium.Chassis.Persistence;
using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using EventMoney = Atrium.Contracts.Events.Money;

namespace Atrium.Ordering.Application;

/// <summary>
/// Saves what each saga step did, for every saga that finished a call while the last save was running, in one write
/// transaction (a group commit). The database takes one writer at a time, and on SQLite most of a one-row write is
/// the transaction's fixed cost, so saving sagas one by one made that fixed cost the ceiling on orders per second.
/// </summary>
/// <remarks>
/// Each record is checked against the version its runner read, exactly as a save of its own would be. A batch that
/// fails is saved again one record per transaction, so one bad record never holds back the others; each runner gets
/// its own record's error. A runner that stops waiting (shutdown) does not stop the save: whichever record is in the
/// database is where the saga resumes.
/// </remarks>
internal sealed partial class SagaJournal(
    IServiceScopeFactory scopes,
    LiveOptions<OrderingOptions> live,
    OrderingMetrics metrics,
    TimeProvider time,
    ILogger<SagaJournal> logger)
{
    private readonly Lock _lock = new();
    private List<Entry> _pending = [];
    private bool _writing;

    /// <summary>
    /// Saves <paramref name="result"/> of the current step of <paramref name="seen"/> and returns the record as saved,
    /// to run on from; <see langword="null"/> when someone else moved the saga first.
    /// </summary>
    public Task<OrderSaga?> RecordAsync(OrderSaga seen, BranchResult result, CancellationToken cancellationToken)
    {
        var entry = new Entry(seen, result);
        bool start;
        lock (_lock)
        {
            _pending.Add(entry);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // The loop serves every saga, so it must not carry the first caller's trace (the outbox stamps events
            // with the ambient activity) or any other async-local state.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }

        return entry.Saved.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<Entry> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                await WriteAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Only a failing logger gets here; the loop must go on, or every later record would wait forever.
                foreach (var entry in batch)
                {
                    entry.Saved.TrySetException(ex);
                }
            }
        }
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
            LogBatchFailed(logger, batch.Count, ex);
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var (saved, savedAt) = await WriteTransaction.RunAsync(db, async () =>
        {
            db.ChangeTracker.Clear();
            // Read inside the transaction: the wait for the write turn must not make the records' times stale.
            var now = time.GetUtcNow();
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

                Apply(saga, result, now);
                records[i] = saga;
                if (saga.IsFinished)
                {
                    finished.Add(saga.OrderId, saga);
                }
            }

            if (finished.Count > 0)
            {
                await FinishOrdersAsync(db, finished, now).ConfigureAwait(false);
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
                Report(batch[i], saga, savedAt);
            }
        }
    }

    private void Apply(OrderSaga saga, BranchResult result, DateTimeOffset now)
    {
        var forward = saga.Step is SagaStep.Reserve or SagaStep.Charge or SagaStep.Confirm;
        switch (result.Outcome)
        {
            case BranchOutcome.Succeeded:
                saga.StepSucceeded(now);
                break;
            case BranchOutcome.Refused when forward:
                saga.Fail(result.Reason!, now);
                break;
            case BranchOutcome.Refused:
                // A refused compensation would be refused again: retrying it would loop forever.
                saga.Halt(now);
                break;
            default:
                saga.RetryLater(now, Backoff(saga.Attempts));
                break;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var options = live.Current;
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts, 16));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        // Full jitter on the upper half, so sagas that failed together do not retry together.
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
#pragma warning restore CA5394
    }

    private static async Task FinishOrdersAsync(OrderingDbContext db, Dictionary<Guid, OrderSaga> finished, DateTimeOffset now)
    {
        var ids = finished.Keys.ToList();
        var orders = await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync().ConfigureAwait(false);
        if (orders.Count != ids.Count)
        {
            // A saga without its order: saving it as done would leave the order Pending with no final event.
            throw new InvalidOperationException($"{ids.Count - orders.Count} finished saga(s) have no order.");
        }

        foreach (var order in orders)
        {
            var saga = finished[order.Id];
            if (saga.Succeeded)
            {
                order.Confirm(now);
                db.Outbox().Add(new OrderConfirmed(order.Id, order.UserId, new EventMoney(order.TotalAmount, order.Currency)) { OccurredAt = now });
            }
            else
            {
                order.Cancel(saga.Reason!, now);
                db.Outbox().Add(new OrderCancelled(order.Id, order.UserId, saga.Reason!) { OccurredAt = now });
            }
        }
    }

    /// <summary>Logs and counts what a saved record says happened; only once it is saved, so a retried batch counts once.</summary>
    private void Report(Entry entry, OrderSaga saga, DateTimeOffset now)
    {
        try
        {
            ReportCore(entry, saga, now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The record is saved and its runner answered; a failing logger or meter must not undo either, and
            // there is nowhere left to report it.
        }
    }

    private void ReportCore(Entry entry, OrderSaga saga, DateTimeOffset now)
    {
        var step = entry.Seen.Step;
        if (saga.IsHalted)
        {
            LogHalted(logger, saga.OrderId, step, entry.Result.Reason ?? "");
        }
        else if (saga.Attempts > 0)
        {
            LogRetry(logger, saga.OrderId, step, saga.Attempts, (saga.NextAttemptAt - now).TotalMilliseconds, entry.Result.Reason ?? "");
        }
        else if (saga.Reason is not null && entry.Seen.Reason is null)
        {
            LogCompensating(logger, saga.OrderId, step, saga.Reason);
        }

        if (saga.IsFinished)
        {
            metrics.Completed(saga.Succeeded, saga.Reason, now - saga.StartedAt);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Order {OrderId}: {Step} refused ({Reason}); compensating")]
    private static partial void LogCompensating(ILogger logger, Guid orderId, SagaStep step, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Order {OrderId}: {Step} attempt {Attempt} failed, retrying in {DelayMs} ms: {Detail}")]
    private static partial void LogRetry(ILogger logger, Guid orderId, SagaStep step, int attempt, double delayMs, string detail);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "Order {OrderId}: compensation {Step} refused for good ({Reason}); the saga is halted with the order Pending, for an operator")]
    private static partial void LogHalted(ILogger logger, Guid orderId, SagaStep step, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Saving {Count} saga records together failed; saving each on its own")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private sealed class Entry(OrderSaga seen, BranchResult result)
    {
        public OrderSaga Seen { get; } = seen;

        public BranchResult Result { get; } = result;

        public TaskCompletionSource<OrderSaga?> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using Atrium.Ordering.Domain;
using Microsoft.Extensions.Logging;

namespace Atrium.Ordering.Application.Saga;

/// <summary>Logs and counts what the <see cref="SagaJournal"/> saved, under the journal's log category.</summary>
internal sealed partial class SagaJournalReport(OrderingMetrics metrics, ILogger<SagaJournal> logger)
{
    /// <summary>
    /// Reports the record <paramref name="saved"/> from <paramref name="seen"/> after <paramref name="result"/>; only
    /// once it is saved, so a retried batch counts once. Never throws: the record is saved and its runner answered, a
    /// failing logger or meter must not undo either, and there is nowhere left to report it.
    /// </summary>
    public void Saved(OrderSaga seen, BranchResult result, OrderSaga saved, DateTimeOffset now)
    {
        try
        {
            Report(seen, result, saved, now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
        }
    }

    /// <summary>A batch of <paramref name="count"/> records failed and is saved again record by record.</summary>
    public void BatchFailed(int count, Exception exception) => LogBatchFailed(logger, count, exception);

    private void Report(OrderSaga seen, BranchResult result, OrderSaga saga, DateTimeOffset now)
    {
        var step = seen.Step;
        if (saga.IsHalted)
        {
            LogHalted(logger, saga.OrderId, step, result.Reason ?? "");
        }
        else if (saga.Attempts > 0)
        {
            LogRetry(logger, saga.OrderId, step, saga.Attempts, (saga.NextAttemptAt - now).TotalMilliseconds, result.Reason ?? "");
        }
        else if (saga.Reason is not null && seen.Reason is null)
        {
            LogCompensating(logger, saga.OrderId, step, saga.Reason);
        }

        if (saga.IsFinished)
        {
            metrics.Completed(saga.Succeeded, saga.Reason, now - saga.StartedAt);
        }
    }

    [LoggerMessage(EventId = OrderingEventIds.SagaCompensating, Level = LogLevel.Information, Message = "Order {OrderId}: {Step} refused ({Reason}); compensating")]
    private static partial void LogCompensating(ILogger logger, Guid orderId, SagaStep step, string reason);

    [LoggerMessage(EventId = OrderingEventIds.SagaRetry, Level = LogLevel.Warning, Message = "Order {OrderId}: {Step} attempt {Attempt} failed, retrying in {DelayMs} ms: {Detail}")]
    private static partial void LogRetry(ILogger logger, Guid orderId, SagaStep step, int attempt, double delayMs, string detail);

    [LoggerMessage(EventId = OrderingEventIds.SagaHalted, Level = LogLevel.Error, Message = "Order {OrderId}: compensation {Step} refused for good ({Reason}); the saga is halted with the order Pending, for an operator")]
    private static partial void LogHalted(ILogger logger, Guid orderId, SagaStep step, string reason);

    [LoggerMessage(EventId = OrderingEventIds.SagaBatchFailed, Level = LogLevel.Warning, Message = "Saving {Count} saga records together failed; saving each on its own")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}

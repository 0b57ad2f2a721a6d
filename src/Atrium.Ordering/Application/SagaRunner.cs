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
/// Runs one order's saga from its durable record until it finishes or must wait. Each pass reads the record, calls
/// the step's branch outside any database transaction, then records the result in a write transaction that first
/// checks the record is unchanged: the record saved after one step is the "before" of the next, so a crash between
/// the call and the save repeats that call on recovery, which the branch's barrier makes harmless. When the last
/// step completes, the order's new status and its event are saved in that same transaction.
/// </summary>
internal sealed partial class SagaRunner(
    IServiceScopeFactory scopes,
    ICatalogClient catalog,
    IPaymentsClient payments,
    OrderingOptions options,
    OrderingMetrics metrics,
    TimeProvider time,
    ILogger<SagaRunner> logger)
{
    // Compiled once: every order runs these on each of its steps, and the LINQ form rebuilt the expression tree,
    // extracted its parameters and looked up the query cache on every call.
    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<Order?>> FindOrderUntracked =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Orders.AsNoTracking().SingleOrDefault(o => o.Id == orderId));

    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<OrderSaga?>> FindSagaUntracked =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Sagas.AsNoTracking().SingleOrDefault(s => s.OrderId == orderId));

    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<Order>> LoadOrder =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Orders.Single(o => o.Id == orderId));

    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<OrderSaga>> LoadSaga =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Sagas.Single(s => s.OrderId == orderId));

    public async Task RunAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var order = await FindOrderUntracked(db, orderId, cancellationToken).ConfigureAwait(false);
        var saga = await FindSagaUntracked(db, orderId, cancellationToken).ConfigureAwait(false);
        while (order is not null && saga is { IsFinished: false } && saga.NextAttemptAt <= time.GetUtcNow())
        {
            var result = saga.CanGiveUp && time.GetUtcNow() >= saga.Deadline
                ? BranchResult.Refused(CancellationReasons.DeadlineExceeded)
                : await CallAsync(saga.Step, order, cancellationToken).ConfigureAwait(false);
            metrics.Step(saga.Step.ToString(), result.Outcome.ToString());
            saga = await RecordAsync(db, saga, result, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<BranchResult> CallAsync(SagaStep step, Order order, CancellationToken cancellationToken) => step switch
    {
        SagaStep.Reserve => catalog.ReserveAsync(order.Id, order.Lines, cancellationToken),
        // Nothing to capture: payments refuses a charge of 0, and there is nothing to refund either.
        SagaStep.Charge when order.TotalAmount == 0 => Task.FromResult(BranchResult.Ok),
        SagaStep.Charge => payments.ChargeAsync(order.Id, order.UserId, order.Total, cancellationToken),
        SagaStep.Confirm => catalog.ConfirmAsync(order.Id, cancellationToken),
        SagaStep.Refund => payments.RefundAsync(order.Id, cancellationToken),
        SagaStep.Release => catalog.CancelAsync(order.Id, cancellationToken),
        _ => throw new InvalidOperationException($"Step {step} has no branch."),
    };

    /// <summary>
    /// Saves what the call did and returns the record as saved, to run on from; <see langword="null"/> when someone
    /// else moved the saga first.
    /// </summary>
    private Task<OrderSaga?> RecordAsync(OrderingDbContext db, OrderSaga seen, BranchResult result, CancellationToken cancellationToken) =>
        WriteTransaction.RunAsync(db, async () =>
        {
            db.ChangeTracker.Clear();
            var saga = await LoadSaga(db, seen.OrderId, cancellationToken).ConfigureAwait(false);
            if (saga.Step != seen.Step || saga.UpdatedAt != seen.UpdatedAt)
            {
                // Another orchestrator recorded this step first; it carries on from here.
                return null;
            }

            var now = time.GetUtcNow();
            var forward = saga.Step is SagaStep.Reserve or SagaStep.Charge or SagaStep.Confirm;
            switch (result.Outcome)
            {
                case BranchOutcome.Succeeded:
                    saga.StepSucceeded(now);
                    break;
                case BranchOutcome.Refused when forward:
                    LogCompensating(logger, saga.OrderId, saga.Step, result.Reason!);
                    saga.Fail(result.Reason!, now);
                    break;
                default:
                    var delay = Backoff(saga.Attempts);
                    LogRetry(logger, saga.OrderId, saga.Step, saga.Attempts + 1, delay.TotalMilliseconds, result.Reason ?? "");
                    saga.RetryLater(now, delay);
                    break;
            }

            if (saga.IsFinished)
            {
                await FinishOrderAsync(db, saga, now, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (saga.IsFinished)
            {
                metrics.Completed(saga.Succeeded, saga.Reason, now - saga.StartedAt);
            }

            db.ChangeTracker.Clear();
            return saga;
        }, cancellationToken);

    private static async Task FinishOrderAsync(OrderingDbContext db, OrderSaga saga, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await LoadOrder(db, saga.OrderId, cancellationToken).ConfigureAwait(false);
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

    private TimeSpan Backoff(int attempts)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts, 16));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        // Full jitter on the upper half, so sagas that failed together do not retry together.
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
#pragma warning restore CA5394
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Order {OrderId}: {Step} refused ({Reason}); compensating")]
    private static partial void LogCompensating(ILogger logger, Guid orderId, SagaStep step, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Order {OrderId}: {Step} attempt {Attempt} failed, retrying in {DelayMs} ms: {Detail}")]
    private static partial void LogRetry(ILogger logger, Guid orderId, SagaStep step, int attempt, double delayMs, string detail);
}

using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Ordering.Application.Saga;

/// <summary>
/// Runs one order's saga from its durable record until it finishes or must wait. Each pass reads the record, calls
/// the step's branch outside any database transaction, then has the <see cref="SagaJournal"/> save the result, which
/// first checks the record is unchanged: the record saved after one step is the "before" of the next, so a crash
/// between the call and the save repeats that call on recovery, which the branch's barrier makes harmless. When the
/// last step completes, the order's new status and its event are saved in that same transaction.
/// </summary>
internal sealed class SagaRunner(
    IServiceScopeFactory scopes,
    ICatalogClient catalog,
    IPaymentsClient payments,
    SagaJournal journal,
    OrderingMetrics metrics,
    TimeProvider time)
{
    // Compiled once: every order runs these on each of its steps, and the LINQ form rebuilt the expression tree,
    // extracted its parameters and looked up the query cache on every call.
    private static readonly ModelCompiledQuery<Func<OrderingDbContext, Guid, CancellationToken, Task<Order?>>> FindOrderUntracked =
        new(() => EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Orders.AsNoTracking().SingleOrDefault(o => o.Id == orderId)));

    private static readonly ModelCompiledQuery<Func<OrderingDbContext, Guid, CancellationToken, Task<OrderSaga?>>> FindSagaUntracked =
        new(() => EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
            db.Sagas.AsNoTracking().SingleOrDefault(s => s.OrderId == orderId)));

    public async Task RunAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var order = await FindOrderUntracked.For(db)(db, orderId, cancellationToken).ConfigureAwait(false);
        var saga = await FindSagaUntracked.For(db)(db, orderId, cancellationToken).ConfigureAwait(false);
        if (order is not null)
        {
            await RunAsync(order, saga, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the saga from <paramref name="saga"/> as its runner last saw it saved (a stale record is harmless: the
    /// journal refuses to move it, and the runner stops).
    /// </summary>
    public async Task RunAsync(Order order, OrderSaga? saga, CancellationToken cancellationToken)
    {
        while (saga is { IsFinished: false } && saga.NextAttemptAt <= time.GetUtcNow())
        {
            var step = saga.Step;
            metrics.AtStep(step, 1);
            try
            {
                var result = saga.CanGiveUp && time.GetUtcNow() >= saga.Deadline
                    ? BranchResult.Refused(CancellationReasons.DeadlineExceeded)
                    : await CallAsync(step, order, cancellationToken).ConfigureAwait(false);
                metrics.Step(step.ToString(), result.Outcome.ToString());
                saga = await journal.RecordAsync(order, saga, result, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                metrics.AtStep(step, -1);
            }
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
}

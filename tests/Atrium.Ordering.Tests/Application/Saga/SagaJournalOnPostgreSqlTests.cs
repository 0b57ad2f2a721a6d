using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests.Application.Saga;

/// <summary>
/// The journal on PostgreSQL, given each saga's order as the runner does: a group of records is saved in one batch
/// with nothing read first, each still checked against the record its runner read, and a finished saga's order and
/// event go with its record or not at all.
/// </summary>
[Collection(SagaHostsCollection.Name)]
public sealed class SagaJournalOnPostgreSqlTests(SagaHostsFixture hosts)
{
    private static readonly Guid Product = Guid.CreateVersion7();

    [Fact]
    public async Task RecordAsync_ManySagasFinishAtOnce_SavesEachAndFinishesTheirOrdersWithOneEventEach()
    {
        await using var ordering = await StartAsync();
        var placed = await PlaceAtConfirmAsync(ordering, 30);

        var saved = await Task.WhenAll(placed.Select(p => ordering.Journal.RecordAsync(p.Order, p.Saga, BranchResult.Ok, CancellationToken.None)));

        foreach (var ((order, _), record) in placed.Zip(saved))
        {
            record.ShouldNotBeNull().Step.ShouldBe(SagaStep.Done);
            (await ordering.SagaAsync(order.Id)).Step.ShouldBe(SagaStep.Done);
            (await ordering.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Confirmed);
        }

        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(30);
    }

    [Fact]
    public async Task RecordAsync_StepInTheMiddle_SavesTheNextStepAndLeavesTheOrderPending()
    {
        await using var ordering = await StartAsync();
        var now = TimeProvider.System.GetUtcNow();
        var order = await ordering.PlaceAsync(Guid.CreateVersion7(), Product, 1, 100);
        var saga = await ordering.SagaAsync(order.Id);

        var saved = (await ordering.Journal.RecordAsync(order, saga, BranchResult.Transient("catalog unreachable"), CancellationToken.None)).ShouldNotBeNull();

        saved.Step.ShouldBe(SagaStep.Reserve);
        saved.Attempts.ShouldBe(1);
        saved.NextAttemptAt.ShouldBeGreaterThan(now);
        var stored = await ordering.SagaAsync(order.Id);
        (stored.Step, stored.Attempts, stored.NextAttemptAt, stored.UpdatedAt).ShouldBe((saved.Step, saved.Attempts, saved.NextAttemptAt, saved.UpdatedAt));
        saga.Attempts.ShouldBe(0, "the record the runner read stays as it was");
        (await ordering.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Pending);
        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(0);
    }

    [Fact]
    public async Task RecordAsync_OneRecordMovedMeanwhile_ItGetsNullAndTheOthersAreSaved()
    {
        await using var ordering = await StartAsync();
        var placed = await PlaceAtConfirmAsync(ordering, 5);
        // Another orchestrator saved a retry of the third saga after this runner read it.
        await ordering.MoveSagaAsync(placed[2].Order.Id, s => s.RetryLater(TimeProvider.System.GetUtcNow().AddTicks(1), TimeSpan.Zero));

        var saved = await Task.WhenAll(placed.Select(p => ordering.Journal.RecordAsync(p.Order, p.Saga, BranchResult.Ok, CancellationToken.None)));

        saved[2].ShouldBeNull();
        (await ordering.SagaAsync(placed[2].Order.Id)).Step.ShouldBe(SagaStep.Confirm);
        (await ordering.OrderAsync(placed[2].Order.Id)).Status.ShouldBe(OrderStatus.Pending);
        saved.Where((_, i) => i != 2).ShouldAllBe(s => s != null && s.Step == SagaStep.Done);
        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(4);
    }

    [Fact]
    public async Task RecordAsync_OneOrderNoLongerPending_ItsRunnerGetsTheErrorItsSagaStaysAndTheOthersAreSaved()
    {
        await using var ordering = await StartAsync();
        var placed = await PlaceAtConfirmAsync(ordering, 5);
        // The runner still holds the order as Pending; in the database it was cancelled meanwhile.
        await ordering.UseDbAsync(async db =>
        {
            (await db.Orders.SingleAsync(o => o.Id == placed[3].Order.Id)).Cancel(CancellationReasons.DeadlineExceeded, TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        });

        var saved = placed.ConvertAll(p => ordering.Journal.RecordAsync(p.Order, p.Saga, BranchResult.Ok, CancellationToken.None));

        (await Should.ThrowAsync<OrderingDomainException>(saved[3])).Error.ShouldBe(OrderingErrors.IllegalTransition);
        (await ordering.SagaAsync(placed[3].Order.Id)).Step.ShouldBe(SagaStep.Confirm);
        (await ordering.OrderAsync(placed[3].Order.Id)).Status.ShouldBe(OrderStatus.Cancelled);
        foreach (var i in new[] { 0, 1, 2, 4 })
        {
            (await saved[i]).ShouldNotBeNull().Step.ShouldBe(SagaStep.Done);
            (await ordering.OrderAsync(placed[i].Order.Id)).Status.ShouldBe(OrderStatus.Confirmed);
        }

        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(4);
    }

    [Fact]
    public async Task RecordAsync_ChargeRefused_CompensatesAndAfterRefundAndReleaseCancelsTheOrderWithTheReason()
    {
        await using var ordering = await StartAsync();
        var order = await ordering.PlaceAsync(Guid.CreateVersion7(), Product, 1, 100);
        var saga = await ordering.SagaAsync(order.Id);
        saga = (await ordering.Journal.RecordAsync(order, saga, BranchResult.Ok, CancellationToken.None)).ShouldNotBeNull();

        saga = (await ordering.Journal.RecordAsync(order, saga, BranchResult.Refused(CancellationReasons.InsufficientFunds), CancellationToken.None)).ShouldNotBeNull();
        saga.Step.ShouldBe(SagaStep.Refund);
        saga = (await ordering.Journal.RecordAsync(order, saga, BranchResult.Ok, CancellationToken.None)).ShouldNotBeNull();
        saga.Step.ShouldBe(SagaStep.Release);
        var done = (await ordering.Journal.RecordAsync(order, saga, BranchResult.Ok, CancellationToken.None)).ShouldNotBeNull();

        done.Step.ShouldBe(SagaStep.Done);
        var stored = await ordering.OrderAsync(order.Id);
        stored.Status.ShouldBe(OrderStatus.Cancelled);
        stored.Reason.ShouldBe(CancellationReasons.InsufficientFunds);
        (await ordering.OutboxCountAsync(EventTypes.OrderCancelled)).ShouldBe(1);
    }

    private async Task<OrderingHarness> StartAsync() =>
        await OrderingHarness.StartAsync(hosts, postgres: (await PostgresServer.Shared).NewDatabase("journal"));

    /// <summary>Pending orders whose sagas have reserved and charged, so recording a successful Confirm finishes them.</summary>
    private static async Task<List<(Order Order, OrderSaga Saga)>> PlaceAtConfirmAsync(OrderingHarness ordering, int count)
    {
        var placed = new List<(Order, OrderSaga)>();
        for (var i = 0; i < count; i++)
        {
            var now = TimeProvider.System.GetUtcNow();
            var orderId = Guid.CreateVersion7(now);
            var saga = OrderSaga.Start(orderId, now, TimeSpan.FromMinutes(1));
            saga.StepSucceeded(now);
            saga.StepSucceeded(now);
            var order = await ordering.PlaceAsync(Guid.CreateVersion7(), Product, 1, 100, saga, orderId);
            placed.Add((order, await ordering.SagaAsync(orderId)));
        }

        return placed;
    }
}

using Atrium.Chassis.Data.Persistence;
using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests.Application.Saga;

/// <summary>
/// The journal saves the records of sagas that finish a call together in one transaction; each record is still
/// checked and applied on its own. The write lock is held while the records queue, so they meet in one batch.
/// </summary>
[Collection(SagaHostsCollection.Name)]
public sealed class SagaJournalTests(SagaHostsFixture hosts)
{
    private static readonly Guid Product = Guid.CreateVersion7();

    [Fact]
    public async Task RecordAsync_ManySagasAtOnce_SavesEachAndFinishesTheirOrdersOnce()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var sagas = await PlaceAtConfirmAsync(ordering, 30);

        var saved = await WhileTheWriteLockIsHeldAsync(ordering, RecordAll(ordering, sagas));

        foreach (var (saga, record) in sagas.Zip(await Task.WhenAll(saved)))
        {
            record.ShouldNotBeNull().Step.ShouldBe(SagaStep.Done);
            (await ordering.SagaAsync(saga.OrderId)).Step.ShouldBe(SagaStep.Done);
            (await ordering.OrderAsync(saga.OrderId)).Status.ShouldBe(OrderStatus.Confirmed);
        }

        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(30);
    }

    [Fact]
    public async Task RecordAsync_OneRecordMovedMeanwhile_ItGetsNullAndTheOthersAreSaved()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var sagas = await PlaceAtConfirmAsync(ordering, 5);

        // Another orchestrator saved a retry of the third saga after this runner read it.
        await ordering.MoveSagaAsync(sagas[2].OrderId, s => s.RetryLater(TimeProvider.System.GetUtcNow().AddTicks(1), TimeSpan.Zero));

        var saved = await Task.WhenAll(await WhileTheWriteLockIsHeldAsync(ordering, RecordAll(ordering, sagas)));

        saved[2].ShouldBeNull();
        (await ordering.SagaAsync(sagas[2].OrderId)).Step.ShouldBe(SagaStep.Confirm);
        (await ordering.OrderAsync(sagas[2].OrderId)).Status.ShouldBe(OrderStatus.Pending);
        saved.Where((_, i) => i != 2).ShouldAllBe(s => s != null && s.Step == SagaStep.Done);
        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(4);
    }

    [Fact]
    public async Task RecordAsync_OneRecordCannotBeApplied_ItsRunnerGetsTheErrorAndTheOthersAreSaved()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var sagas = await PlaceAtConfirmAsync(ordering, 5);

        // An order that is no longer Pending cannot be confirmed: finishing its saga throws.
        await ordering.UseDbAsync(async db =>
        {
            (await db.Orders.SingleAsync(o => o.Id == sagas[3].OrderId)).Cancel(CancellationReasons.DeadlineExceeded, TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        });

        var saved = await WhileTheWriteLockIsHeldAsync(ordering, RecordAll(ordering, sagas));

        (await Should.ThrowAsync<OrderingDomainException>(saved[3])).Error.ShouldBe(OrderingErrors.IllegalTransition);
        (await ordering.SagaAsync(sagas[3].OrderId)).Step.ShouldBe(SagaStep.Confirm);
        foreach (var i in new[] { 0, 1, 2, 4 })
        {
            (await saved[i]).ShouldNotBeNull().Step.ShouldBe(SagaStep.Done);
            (await ordering.OrderAsync(sagas[i].OrderId)).Status.ShouldBe(OrderStatus.Confirmed);
        }

        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(4);
    }

    [Fact]
    public async Task RecordAsync_TransientFailure_RetriesLaterWithBackoffAndCountsTheAttempt()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(10);
            o.RetryMaxDelay = TimeSpan.FromSeconds(10);
        });
        var saga = (await PlaceAtConfirmAsync(ordering, 1))[0];
        var before = TimeProvider.System.GetUtcNow();

        var saved = (await ordering.Journal.RecordAsync(saga, BranchResult.Transient("payments unreachable"), CancellationToken.None)).ShouldNotBeNull();
        var after = TimeProvider.System.GetUtcNow();

        saved.Step.ShouldBe(SagaStep.Confirm);
        saved.Attempts.ShouldBe(1);
        // Full jitter on the upper half of the 10 s cap, counted from when the journal saved, somewhere in [before, after].
        saved.NextAttemptAt.ShouldBeInRange(before + TimeSpan.FromSeconds(5), after + TimeSpan.FromSeconds(10));
        (await ordering.SagaAsync(saga.OrderId)).Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task RecordAsync_TransientFailuresInARow_FirstWaitsUpToTheBaseAndEachNextTwiceAsLong()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(10);
            o.RetryMaxDelay = TimeSpan.FromMinutes(10);
        });
        var saga = (await PlaceAtConfirmAsync(ordering, 1))[0];

        var first = (await ordering.Journal.RecordAsync(saga, BranchResult.Transient("unavailable"), CancellationToken.None)).ShouldNotBeNull();
        var second = (await ordering.Journal.RecordAsync(first, BranchResult.Transient("unavailable"), CancellationToken.None)).ShouldNotBeNull();

        // Equal jitter: the n-th failure waits between half and all of base × 2^(n − 1), from when it was saved.
        (first.NextAttemptAt - first.UpdatedAt).ShouldBeInRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        (second.NextAttemptAt - second.UpdatedAt).ShouldBeInRange(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        second.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task RecordAsync_CompensationRefused_HaltsTheSagaWithTheOrderPendingNeverToRunAgain()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var now = TimeProvider.System.GetUtcNow();
        var orderId = Guid.CreateVersion7(now);
        var placed = OrderSaga.Start(orderId, now, TimeSpan.FromMinutes(1));
        placed.StepSucceeded(now);
        placed.StepSucceeded(now);
        placed.Fail(CancellationReasons.ReservationExpired, now);
        await ordering.PlaceAsync(Guid.CreateVersion7(), Product, 1, 100, placed, orderId);
        var saga = await ordering.SagaAsync(orderId);

        var saved = (await ordering.Journal.RecordAsync(saga, BranchResult.Refused("PAYMENT_SETTLED"), CancellationToken.None)).ShouldNotBeNull();

        saved.Step.ShouldBe(SagaStep.Refund);
        saved.IsHalted.ShouldBeTrue();
        saved.NextAttemptAt.ShouldBe(DateTimeOffset.MaxValue);
        var stored = await ordering.SagaAsync(orderId);
        stored.IsHalted.ShouldBeTrue();
        stored.IsFinished.ShouldBeFalse();
        (await ordering.ReadAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId))).Status.ShouldBe(OrderStatus.Pending);
    }

    /// <summary>Holds the ordering database's write lock while <paramref name="submit"/> queues records, then lets them through.</summary>
    private static async Task<List<Task<OrderSaga?>>> WhileTheWriteLockIsHeldAsync(OrderingHarness ordering, Func<List<Task<OrderSaga?>>> submit)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = ordering.UseDbAsync(db => WriteTransaction.RunAsync(db, async () =>
        {
            held.SetResult();
            await release.Task;
            return true;
        }, CancellationToken.None));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var opened = ordering.OrderingContextsOpened;
        var saved = submit();
        // The journal opens a context for its save and queues it behind the held lock at once.
        await Eventually.UntilAsync(() => ordering.OrderingContextsOpened > opened, "the journal to begin its save");
        saved.ShouldAllBe(t => !t.IsCompleted);
        release.SetResult();
        await holder;
        return saved;
    }

    private static Func<List<Task<OrderSaga?>>> RecordAll(OrderingHarness ordering, List<OrderSaga> sagas) =>
        () => sagas.ConvertAll(s => ordering.Journal.RecordAsync(s, BranchResult.Ok, CancellationToken.None));

    /// <summary>Pending orders whose sagas have reserved and charged, so recording a successful Confirm finishes them.</summary>
    private static async Task<List<OrderSaga>> PlaceAtConfirmAsync(OrderingHarness ordering, int count)
    {
        var sagas = new List<OrderSaga>();
        for (var i = 0; i < count; i++)
        {
            var now = TimeProvider.System.GetUtcNow();
            var orderId = Guid.CreateVersion7(now);
            var saga = OrderSaga.Start(orderId, now, TimeSpan.FromMinutes(1));
            saga.StepSucceeded(now);
            saga.StepSucceeded(now);
            await ordering.PlaceAsync(Guid.CreateVersion7(), Product, 1, 100, saga, orderId);
            sagas.Add(await ordering.SagaAsync(orderId));
        }

        return sagas;
    }
}

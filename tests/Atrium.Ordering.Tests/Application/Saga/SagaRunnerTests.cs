using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Ordering.Tests.Application.Saga;

/// <summary>
/// The saga against the real catalog and payments modules over gRPC, every branch call delivered three times (I5),
/// checked against both services' books: stock, reservation, balance, captures (I1–I3).
/// </summary>
[Collection(SagaHostsCollection.Name)]
public sealed class SagaRunnerTests(SagaHostsFixture hosts)
{
    private const int Stock = 10;
    private const long Price = 1_250;

    [Fact]
    public async Task RunAsync_EveryCallDeliveredThreeTimes_ConfirmsWithOneReservationAndOneCapture()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();

        var order = await ordering.PlaceAsync(user, product, 3, Price);
        await ordering.RunAsync(order.Id);

        await ShouldBeConfirmedOnceAsync(ordering, order, product, quantity: 3);
        (await ordering.SagaAsync(order.Id)).Step.ShouldBe(SagaStep.Done);
    }

    [Fact]
    public async Task RunAsync_TwoRunnersAtOnce_ConfirmOnceWithOneEvent()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();
        var order = await ordering.PlaceAsync(user, product, 2, Price);

        await Task.WhenAll(ordering.RunAsync(order.Id), ordering.RunAsync(order.Id));

        await ShouldBeConfirmedOnceAsync(ordering, order, product, quantity: 2);
        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(1);
        (await ordering.OutboxCountAsync(EventTypes.OrderCancelled)).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_Finished_ChangesNothing()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();
        var order = await ordering.PlaceAsync(user, product, 1, Price);
        await ordering.RunAsync(order.Id);
        var finished = await ordering.SagaAsync(order.Id);

        await ordering.RunAsync(order.Id);

        (await ordering.SagaAsync(order.Id)).UpdatedAt.ShouldBe(finished.UpdatedAt);
        await ShouldBeConfirmedOnceAsync(ordering, order, product, quantity: 1);
    }

    [Fact]
    public async Task RunAsync_HandedAStaleRecord_RepeatsNothingAndLeavesTheSagaDone()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();
        var order = await ordering.PlaceAsync(user, product, 2, Price);
        var placed = await ordering.SagaAsync(order.Id);
        await ordering.RunAsync(order.Id);
        var finished = await ordering.SagaAsync(order.Id);

        // The record as placement saved it, handed over after another runner finished the saga.
        await ordering.Runner.RunAsync(order, placed, CancellationToken.None);

        (await ordering.SagaAsync(order.Id)).UpdatedAt.ShouldBe(finished.UpdatedAt);
        await ShouldBeConfirmedOnceAsync(ordering, order, product, quantity: 2);
        (await ordering.OutboxCountAsync(EventTypes.OrderConfirmed)).ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_UnknownOrder_ReturnsQuietly()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);

        await Should.NotThrowAsync(() => ordering.RunAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task RunAsync_PriceAboveTheBalance_CancelsInsufficientFundsAndReleasesTheStock()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var user = await hosts.NewUserAsync();
        var product = await hosts.NewProductAsync(Stock, SagaHostsFixture.StartingBalance + 1);

        var order = await ordering.PlaceAsync(user, product, 1, SagaHostsFixture.StartingBalance + 1);
        await ordering.RunAsync(order.Id);

        await ShouldBeCancelledCleanAsync(ordering, order, product, CancellationReasons.InsufficientFunds);
        (await hosts.ReservationStatusAsync(order.Id)).ShouldBe("Released");
        (await hosts.PaymentStatusAsync(order.Id)).ShouldBe("Declined");
    }

    [Fact]
    public async Task RunAsync_MoreThanInStock_CancelsOutOfStockAndChargesNothing()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();

        var order = await ordering.PlaceAsync(user, product, Stock + 1, Price);
        await ordering.RunAsync(order.Id);

        await ShouldBeCancelledCleanAsync(ordering, order, product, CancellationReasons.OutOfStock);
        (await hosts.ReservationStatusAsync(order.Id)).ShouldBeNull();
        (await hosts.PaymentStatusAsync(order.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_ProductUnknownToTheCatalog_CancelsProductUnavailable()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var user = await hosts.NewUserAsync();

        var order = await ordering.PlaceAsync(user, Guid.NewGuid(), 1, Price);
        await ordering.RunAsync(order.Id);

        var stored = await ordering.OrderAsync(order.Id);
        stored.Status.ShouldBe(OrderStatus.Cancelled);
        stored.Reason.ShouldBe(CancellationReasons.ProductUnavailable);
        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance);
    }

    [Fact]
    public async Task RunAsync_FreeProduct_ConfirmsWithoutAskingPaymentsForNothing()
    {
        // Order.Place and the catalog both allow a price of 0, but payments refuses a charge of 0 (INVALID_ARGUMENT),
        // which the payments client takes for a transient failure: the saga retries until its deadline.
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var user = await hosts.NewUserAsync();
        var product = await hosts.NewProductAsync(Stock, price: 0);

        var order = await ordering.PlaceAsync(user, product, 2, 0);
        await ordering.RunAsync(order.Id);

        var saga = await ordering.SagaAsync(order.Id);
        saga.Attempts.ShouldBe(0, $"the saga is retrying {saga.Step}");
        (await ordering.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Confirmed);
        (await hosts.StockAsync(product)).ShouldBe((Stock - 2, 0L));
        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance);
    }

    [Fact]
    public async Task RunAsync_CurrencyPaymentsRefusesEveryTime_CancelsWithoutRetryingUntilTheDeadline()
    {
        // Payments answers INVALID_ARGUMENT (a currency mismatch) the same every time; it is no transient failure.
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var user = await hosts.NewUserAsync();
        var product = await hosts.NewProductAsync(Stock, Price, currency: "EUR");

        var order = await ordering.PlaceAsync(user, product, 1, Price, currency: "EUR");
        await ordering.RunAsync(order.Id);

        var saga = await ordering.SagaAsync(order.Id);
        saga.Attempts.ShouldBe(0, $"the saga is retrying {saga.Step}");
        (await ordering.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Cancelled);
        (await hosts.StockAsync(product)).ShouldBe((Stock, 0L));
        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeTry_CancelsAndTheLateTryHoldsNothing()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();
        var order = await ordering.PlaceAsync(user, product, 4, Price);

        // The compensation overtook the try (a timeout on the way to the catalog, then the saga gave up).
        (await ordering.Catalog.CancelAsync(order.Id, CancellationToken.None)).ShouldBe(BranchResult.Ok);
        await ordering.RunAsync(order.Id);

        await ShouldBeCancelledCleanAsync(ordering, order, product, CancellationReasons.DeadlineExceeded);
        (await hosts.ReservationStatusAsync(order.Id)).ShouldBeNull();
        (await hosts.PaymentStatusAsync(order.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_DeadlinePassedAtReserve_CancelsDeadlineExceededAndBlocksALateTry()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var (user, product) = await NewUserAndProductAsync();
        var orderId = Guid.NewGuid();
        var saga = OrderSaga.Start(orderId, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeSpan.FromSeconds(15));
        var order = await ordering.PlaceAsync(user, product, 2, Price, saga, orderId);

        await ordering.RunAsync(order.Id);

        await ShouldBeCancelledCleanAsync(ordering, order, product, CancellationReasons.DeadlineExceeded);
        // The release recorded a cancel, so a try still on its way is refused.
        (await ordering.Catalog.ReserveAsync(order.Id, order.Lines, CancellationToken.None)).Outcome.ShouldBe(BranchOutcome.Refused);
        (await hosts.AvailableAsync(product)).ShouldBe(Stock);
    }

    [Fact]
    public async Task RunAsync_PaymentsUnreachable_RetriesLaterThenConfirmsOnceItIsBack()
    {
        using var folder = new TempFolder();
        Guid orderId;
        Guid user;
        Guid product;
        await using (var cutOff = await OrderingHarness.StartAsync(hosts, UnreachablePayments, folder.Path))
        {
            (user, product) = await NewUserAndProductAsync();
            orderId = (await cutOff.PlaceAsync(user, product, 3, Price)).Id;

            await cutOff.RunAsync(orderId);

            var saga = await cutOff.SagaAsync(orderId);
            saga.Step.ShouldBe(SagaStep.Charge);
            saga.Attempts.ShouldBe(1);
            saga.NextAttemptAt.ShouldBeGreaterThan(TimeProvider.System.GetUtcNow());
            (await cutOff.OrderAsync(orderId)).Status.ShouldBe(OrderStatus.Pending);
            (await hosts.AvailableAsync(product)).ShouldBe(Stock - 3);

            // Not due yet: a second run leaves the record alone.
            await cutOff.RunAsync(orderId);
            (await cutOff.SagaAsync(orderId)).Attempts.ShouldBe(1);
            await cutOff.MakeDueAsync(orderId);
        }

        await using var healed = await OrderingHarness.StartAsync(hosts, directory: folder.Path);
        await healed.RunAsync(orderId);

        await ShouldBeConfirmedOnceAsync(healed, await healed.OrderAsync(orderId), product, quantity: 3);
        (await healed.SagaAsync(orderId)).Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_NoServiceTokenToBeHad_RetriesLaterThenConfirmsOnceOneIs()
    {
        using var folder = new TempFolder();
        var (user, product) = await NewUserAndProductAsync();
        Guid orderId;
        await using (var cutOff = await OrderingHarness.StartAsync(hosts, UnreachableTokenEndpoint, folder.Path))
        {
            orderId = (await cutOff.PlaceAsync(user, product, 2, Price)).Id;

            await cutOff.RunAsync(orderId);

            var saga = await cutOff.SagaAsync(orderId);
            saga.Step.ShouldBe(SagaStep.Reserve);
            saga.Attempts.ShouldBe(1);
            (await cutOff.OrderAsync(orderId)).Status.ShouldBe(OrderStatus.Pending);
            (await hosts.AvailableAsync(product)).ShouldBe(Stock);
            await cutOff.MakeDueAsync(orderId);
        }

        await using var healed = await OrderingHarness.StartAsync(hosts, directory: folder.Path);
        await healed.RunAsync(orderId);

        await ShouldBeConfirmedOnceAsync(healed, await healed.OrderAsync(orderId), product, quantity: 2);
    }

    [Fact]
    public async Task RunAsync_PaymentsBackAfterTheDeadline_CancelsDeadlineExceededWithNothingCharged()
    {
        using var folder = new TempFolder();
        Order order;
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using (var cutOff = await OrderingHarness.StartAsync(hosts, UnreachablePayments, folder.Path, time: clock))
        {
            var (user, product) = await NewUserAndProductAsync();
            order = await cutOff.PlaceAsync(user, product, 3, Price);
            await cutOff.RunAsync(order.Id);
            var saga = await cutOff.SagaAsync(order.Id);
            saga.Attempts.ShouldBe(1);
            // Past the deadline and past the retry, which fell due up to a retry delay after the attempt, maybe later.
            clock.SetUtcNow(saga.Deadline > saga.NextAttemptAt ? saga.Deadline : saga.NextAttemptAt);
        }

        await using var healed = await OrderingHarness.StartAsync(hosts, directory: folder.Path, time: clock);
        await healed.RunAsync(order.Id);

        await ShouldBeCancelledCleanAsync(healed, order, order.Lines[0].ProductId, CancellationReasons.DeadlineExceeded);
        (await hosts.PaymentStatusAsync(order.Id)).ShouldBe("NullCompensated");
        // The refund recorded first, so a charge still on its way is refused.
        (await healed.Payments.ChargeAsync(order.Id, order.UserId, order.Total, CancellationToken.None)).Outcome.ShouldBe(BranchOutcome.Refused);
        (await hosts.BalanceAsync(order.UserId)).ShouldBe(SagaHostsFixture.StartingBalance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_RestartedWithTheSagaAtCharge_ConfirmsWithOneCapture(bool chargedBeforeTheCrash)
    {
        using var folder = new TempFolder();
        var (user, product) = await NewUserAndProductAsync();
        Order order;
        await using (var crashed = await OrderingHarness.StartAsync(hosts, directory: folder.Path))
        {
            order = await crashed.PlaceAsync(user, product, 5, Price);
            (await crashed.Catalog.ReserveAsync(order.Id, order.Lines, CancellationToken.None)).ShouldBe(BranchResult.Ok);
            await crashed.MoveSagaAsync(order.Id, saga => saga.StepSucceeded(TimeProvider.System.GetUtcNow()));
            if (chargedBeforeTheCrash)
            {
                // The charge went through but the process died before it recorded the answer.
                (await crashed.Payments.ChargeAsync(order.Id, user, order.Total, CancellationToken.None)).ShouldBe(BranchResult.Ok);
            }
        }

        await using var restarted = await OrderingHarness.StartAsync(hosts, directory: folder.Path);
        (await restarted.SagaAsync(order.Id)).Step.ShouldBe(SagaStep.Charge);
        await restarted.RunAsync(order.Id);

        await ShouldBeConfirmedOnceAsync(restarted, order, product, quantity: 5);
    }

    private static void UnreachableTokenEndpoint(OrderingOptions options)
    {
        options.Client.TokenUrl = $"http://127.0.0.1:{FreePort.Next()}/connect/token";
        // As for UnreachablePayments: due only when the test says so.
        options.RetryBaseDelay = TimeSpan.FromSeconds(30);
        options.RetryMaxDelay = TimeSpan.FromSeconds(30);
    }

    private static void UnreachablePayments(OrderingOptions options)
    {
        options.PaymentsAddress = $"http://127.0.0.1:{FreePort.Next()}";
        // Longer than any of these tests takes: a retry is due only once the test makes it due, so "not due yet" holds
        // however slowly the machine runs the checks in between (a 600 ms delay could run out on a saturated machine).
        options.RetryBaseDelay = TimeSpan.FromSeconds(30);
        options.RetryMaxDelay = TimeSpan.FromSeconds(30);
    }

    private async Task<(Guid User, Guid Product)> NewUserAndProductAsync() =>
        (await hosts.NewUserAsync(), await hosts.NewProductAsync(Stock, Price));

    /// <summary>I3 for a confirmed order: its stock committed once, its total captured once.</summary>
    private async Task ShouldBeConfirmedOnceAsync(OrderingHarness ordering, Order order, Guid product, int quantity)
    {
        var stored = await ordering.OrderAsync(order.Id);
        stored.Status.ShouldBe(OrderStatus.Confirmed);
        stored.Reason.ShouldBeNull();
        (await hosts.AvailableAsync(product)).ShouldBe(Stock - quantity);
        (await hosts.StockAsync(product)).ShouldBe((Stock - quantity, 0L));
        (await hosts.ReservationStatusAsync(order.Id)).ShouldBe("Confirmed");
        (await hosts.CapturesAsync(order.Id)).ShouldBe((1L, quantity * Price));
        (await hosts.PaymentStatusAsync(order.Id)).ShouldBe("Captured");
        (await hosts.BalanceAsync(order.UserId)).ShouldBe(SagaHostsFixture.StartingBalance - (quantity * Price));
    }

    /// <summary>I3 for a cancelled order: its stock where it was, nothing captured, the balance untouched.</summary>
    private async Task ShouldBeCancelledCleanAsync(OrderingHarness ordering, Order order, Guid product, string reason)
    {
        var stored = await ordering.OrderAsync(order.Id);
        stored.Status.ShouldBe(OrderStatus.Cancelled);
        stored.Reason.ShouldBe(reason);
        (await ordering.SagaAsync(order.Id)).Step.ShouldBe(SagaStep.Done);
        (await hosts.AvailableAsync(product)).ShouldBe(Stock);
        (await hosts.StockAsync(product)).ShouldBe((Stock, 0L));
        (await hosts.CapturesAsync(order.Id)).Captures.ShouldBe(0);
        (await hosts.BalanceAsync(order.UserId)).ShouldBe(SagaHostsFixture.StartingBalance);
    }
}

using Atrium.Payments.Tests.Api;
using Atrium.Testing;

namespace Atrium.Payments.Tests.Application;

/// <summary>Settlements of confirmed orders, on SQLite (<see cref="SettlePaymentHandlerOnSqliteTests"/>) and on PostgreSQL (<see cref="SettlePaymentHandlerOnPostgreSqlTests"/>).</summary>
public abstract class SettlePaymentHandlerTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Handle_OrderConfirmedDeliveredTwiceAndAnnouncedAgain_SettlesOnceAndMovesNothing()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.ChargeAsync(order, user, 2_500);
        var before = await payments.SummaryAsync();

        var confirmed = await payments.ConfirmAsync(orderId, user, 2_500);
        await payments.PublishAsync(confirmed);
        var again = confirmed with { Id = Guid.NewGuid() };
        await payments.PublishAsync(again);
        await Eventually.UntilAsync(async () => await payments.InboxAsync(again.Id) == 1, "the duplicate is handled");

        (await payments.InboxAsync(confirmed.Id)).ShouldBe(1);
        (await payments.PaymentStatusAsync(order)).ShouldBe("Settled");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 2_500);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(2);
        var after = await payments.SummaryAsync();
        after.GetProperty("totalBalance").GetInt64().ShouldBe(0);
        after.GetProperty("merchantBalance").GetInt64().ShouldBe(before.GetProperty("merchantBalance").GetInt64());
        after.GetProperty("captures").GetInt32().ShouldBe(before.GetProperty("captures").GetInt32());
        after.GetProperty("capturedAmount").GetInt64().ShouldBe(before.GetProperty("capturedAmount").GetInt64());
    }

    [Fact]
    public async Task Handle_OrderConfirmedBeforeTheCharge_ChangesNothingAndTheChargeAndRefundStillWork()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.SagaAsync("Refund", "OUT_OF_STOCK", orderId);

        await payments.ConfirmAsync(orderId, user, 900);

        (await payments.PaymentStatusAsync(order)).ShouldBeNull();
        (await payments.ChargeAsync(order, user, 900)).Status.ShouldBe("Captured");
        (await payments.RefundAsync(order)).Status.ShouldBe("Refunded");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Handle_OrderConfirmedAfterTheRefund_LeavesTheRefundAsItIs()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.ChargeAsync(order, user, 700);
        await payments.SagaAsync("Refund", "OUT_OF_STOCK", orderId);
        (await payments.RefundAsync(order)).Status.ShouldBe("Refunded");

        var confirmed = await payments.ConfirmAsync(orderId, user, 700);

        (await payments.InboxAsync(confirmed.Id)).ShouldBe(1);
        (await payments.PaymentStatusAsync(order)).ShouldBe("Refunded");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }
}

using Atrium.Chassis.Errors;

namespace Atrium.Payments.Tests.Api;

/// <summary>Refund over gRPC, on SQLite (<see cref="RefundRpcOnSqliteTests"/>) and on PostgreSQL (<see cref="RefundRpcOnPostgreSqlTests"/>).</summary>
public abstract class RefundRpcTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Refund_AfterCharge_GivesTheAmountBackOnce()
    {
        var user = await payments.NewUserAsync();
        var order = await payments.CompensatingOrderAsync();
        await payments.ChargeAsync(order, user, 4_000);

        var first = await payments.RefundAsync(order);
        var second = await payments.RefundAsync(order);

        first.Status.ShouldBe("Refunded");
        first.Amount.Amount.ShouldBe(4_000);
        second.ShouldBe(first);
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.LedgerEntriesAsync($"refund:{order}")).ShouldBe(2);
    }

    [Fact]
    public async Task Refund_BeforeCharge_NullCompensatedAndTheLateChargeAborted()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();

        var refund = await payments.RefundAsync(order);
        await payments.ChargeAsync(order, user, 500).ShouldFailWithAsync(ErrorCodes.Conflict);

        refund.Status.ShouldBe("NullCompensated");
        refund.Amount.Amount.ShouldBe(0);
        (await payments.RefundAsync(order)).Status.ShouldBe("NullCompensated");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(0);
    }

    [Fact]
    public async Task Charge_AfterRefund_Aborted()
    {
        var user = await payments.NewUserAsync();
        var order = await payments.CompensatingOrderAsync();
        await payments.ChargeAsync(order, user, 300);
        await payments.RefundAsync(order);

        await payments.ChargeAsync(order, user, 300).ShouldFailWithAsync(ErrorCodes.Conflict);

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Refund_OfADeclinedCharge_ChangesNothing()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        await payments.ChargeAsync(order, user, PaymentsHostFixture.StartingBalance * 2).ShouldFailWithAsync(ErrorCodes.BusinessRuleViolated);

        var refund = await payments.RefundAsync(order);

        refund.Status.ShouldBe("NullCompensated");
        refund.Amount.Amount.ShouldBe(0);
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.LedgerEntriesAsync($"refund:{order}")).ShouldBe(0);
    }

    [Fact]
    public async Task Refund_ConfirmedOrder_FailedPreconditionAndNothingMoves()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.ChargeAsync(order, user, 4_000);
        await payments.ConfirmAsync(orderId, user, 4_000);
        var before = await payments.SummaryAsync();

        var refused = await payments.RefundAsync(order).ShouldFailWithAsync(ErrorCodes.PaymentSettled);
        await payments.RefundAsync(order).ShouldFailWithAsync(ErrorCodes.PaymentSettled);

        refused.Status.Detail.ShouldContain("settled");
        (await payments.PaymentStatusAsync(order)).ShouldBe("Settled");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 4_000);
        (await payments.LedgerEntriesAsync($"refund:{order}")).ShouldBe(0);
        (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64().ShouldBe(before.GetProperty("merchantBalance").GetInt64());
    }

    [Fact]
    public async Task Refund_BeforeTheOrderIsConfirmed_GivesTheAmountBackAndAStrayConfirmationChangesNothing()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.SagaAsync("Release", "OUT_OF_STOCK", orderId);
        await payments.ChargeAsync(order, user, 700);

        var refund = await payments.RefundAsync(order);
        await payments.ConfirmAsync(orderId, user, 700);

        refund.Status.ShouldBe("Refunded");
        (await payments.PaymentStatusAsync(order)).ShouldBe("Refunded");
        (await payments.RefundAsync(order)).Status.ShouldBe("Refunded");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.LedgerEntriesAsync($"refund:{order}")).ShouldBe(2);
    }

    [Fact]
    public async Task Refund_EmptyOrderId_InvalidArgument() =>
        await payments.RefundAsync("").ShouldFailWithAsync(ErrorCodes.ValidationFailed);
}

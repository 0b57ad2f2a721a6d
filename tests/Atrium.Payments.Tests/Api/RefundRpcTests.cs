using Atrium.Chassis.Errors;

namespace Atrium.Payments.Tests.Api;

[Collection(PaymentsCollection.Name)]
public sealed class RefundRpcTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Refund_AfterCharge_GivesTheAmountBackOnce()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
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
        var order = PaymentsHostFixture.NewOrder();
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
    public async Task Refund_EmptyOrderId_InvalidArgument() =>
        await payments.RefundAsync("").ShouldFailWithAsync(ErrorCodes.ValidationFailed);
}

using Atrium.Payments.Domain;

namespace Atrium.Payments.Tests.Domain;

public sealed class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (Payment Payment, Guid UserId) Captured(long amount)
    {
        var funding = Account.OpenSystem(Guid.NewGuid(), AccountKind.Funding, "USD", Now);
        var merchant = Account.OpenSystem(Guid.NewGuid(), AccountKind.Merchant, "USD", Now);
        var userId = Guid.NewGuid();
        var user = Account.OpenForUser(Guid.NewGuid(), userId, "USD", Now);
        FundsTransfer.Execute(Guid.NewGuid(), funding, user, new Money(amount, "USD"), "opening", Now);
        var transfer = FundsTransfer.Execute(Guid.NewGuid(), user, merchant, new Money(amount, "USD"), "charge:o1", Now);
        return (Payment.Capture("o1", userId, new Money(amount, "USD"), transfer, Now), userId);
    }

    private static Transfer SomeTransfer()
    {
        var funding = Account.OpenSystem(Guid.NewGuid(), AccountKind.Funding, "USD", Now);
        var merchant = Account.OpenSystem(Guid.NewGuid(), AccountKind.Merchant, "USD", Now);
        return FundsTransfer.Execute(Guid.NewGuid(), funding, merchant, new Money(1, "USD"), "test", Now);
    }

    [Fact]
    public void Capture_NewPayment_IsCapturedWithItsTransfer()
    {
        var (payment, userId) = Captured(250);

        payment.Status.ShouldBe(PaymentStatus.Captured);
        payment.UserId.ShouldBe(userId);
        payment.Money.ShouldBe(new Money(250, "USD"));
        payment.CaptureTransferId.ShouldNotBeNull();
    }

    [Fact]
    public void Settle_Captured_IsSettled()
    {
        var (payment, _) = Captured(250);

        payment.Settle();

        payment.Status.ShouldBe(PaymentStatus.Settled);
    }

    [Fact]
    public void Settle_SettledRefundedOrNullCompensated_ThrowsInvalidTransition()
    {
        var (settled, _) = Captured(250);
        settled.Settle();
        var (refunded, _) = Captured(250);
        refunded.Refund(SomeTransfer(), Now);
        var nothing = Payment.NullCompensate("o2", "USD", Now);

        foreach (var payment in new[] { settled, refunded, nothing })
        {
            var status = payment.Status;
            Should.Throw<PaymentsDomainException>(payment.Settle).Error.ShouldBe(PaymentsErrors.InvalidTransition);
            payment.Status.ShouldBe(status);
        }
    }

    [Fact]
    public void Refund_Settled_ThrowsPaymentSettledAndStaysSettled()
    {
        var (payment, _) = Captured(250);
        payment.Settle();

        Should.Throw<PaymentsDomainException>(() => payment.Refund(SomeTransfer(), Now)).Error.ShouldBe(PaymentsErrors.PaymentSettled);

        payment.Status.ShouldBe(PaymentStatus.Settled);
        payment.RefundTransferId.ShouldBeNull();
    }

    [Fact]
    public void Refund_Captured_IsRefunded()
    {
        var (payment, _) = Captured(250);
        var transfer = SomeTransfer();

        payment.Refund(transfer, Now);

        payment.Status.ShouldBe(PaymentStatus.Refunded);
        payment.RefundTransferId.ShouldBe(transfer.Id);
        payment.RefundedAt.ShouldBe(Now);
    }

    [Fact]
    public void Refund_Twice_ThrowsInvalidTransition()
    {
        var (payment, _) = Captured(250);
        payment.Refund(SomeTransfer(), Now);

        Should.Throw<PaymentsDomainException>(() => payment.Refund(SomeTransfer(), Now)).Error.ShouldBe(PaymentsErrors.InvalidTransition);
    }

    [Fact]
    public void Refund_Declined_ThrowsInvalidTransition()
    {
        var payment = Payment.Decline("o1", Guid.NewGuid(), new Money(10, "USD"), Now);

        Should.Throw<PaymentsDomainException>(() => payment.Refund(SomeTransfer(), Now)).Error.ShouldBe(PaymentsErrors.InvalidTransition);
        payment.Status.ShouldBe(PaymentStatus.Declined);
    }

    [Fact]
    public void NullCompensate_NoCharge_HasNoUserAndZeroAmount()
    {
        var payment = Payment.NullCompensate("o1", "USD", Now);

        payment.Status.ShouldBe(PaymentStatus.NullCompensated);
        payment.UserId.ShouldBeNull();
        payment.Money.ShouldBe(new Money(0, "USD"));
    }

    [Fact]
    public void IsSameCharge_OtherAmountOrUser_IsFalse()
    {
        var (payment, userId) = Captured(250);

        payment.IsSameCharge(userId, new Money(250, "USD")).ShouldBeTrue();
        payment.IsSameCharge(userId, new Money(251, "USD")).ShouldBeFalse();
        payment.IsSameCharge(userId, new Money(250, "EUR")).ShouldBeFalse();
        payment.IsSameCharge(Guid.NewGuid(), new Money(250, "USD")).ShouldBeFalse();
    }
}

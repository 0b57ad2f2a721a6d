using Atrium.Payments.Domain;

namespace Atrium.Payments.Tests.Domain;

public sealed class AccountTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OpenForUser_NewAccount_IsEmptyAndOwned()
    {
        var userId = Guid.NewGuid();

        var account = Account.OpenForUser(Guid.NewGuid(), userId, "USD", Now);

        account.ShouldSatisfyAllConditions(
            a => a.Kind.ShouldBe(AccountKind.User),
            a => a.OwnerUserId.ShouldBe(userId),
            a => a.Money.ShouldBe(new Money(0, "USD")),
            a => a.AllowsOverdraft.ShouldBeFalse(),
            a => a.OpenedAt.ShouldBe(Now));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("")]
    public void OpenForUser_BadCurrency_Throws(string currency) =>
        Should.Throw<ArgumentException>(() => Account.OpenForUser(Guid.NewGuid(), Guid.NewGuid(), currency, Now));

    [Fact]
    public void OpenForUser_NoUser_Throws() =>
        Should.Throw<ArgumentException>(() => Account.OpenForUser(Guid.NewGuid(), Guid.Empty, "USD", Now));

    [Fact]
    public void OpenSystem_UserKind_Throws() =>
        Should.Throw<ArgumentException>(() => Account.OpenSystem(Guid.NewGuid(), AccountKind.User, "USD", Now));

    [Fact]
    public void OpenSystem_Funding_AllowsOverdraftAndHasNoOwner()
    {
        var funding = Account.OpenSystem(Guid.NewGuid(), AccountKind.Funding, "USD", Now);

        funding.AllowsOverdraft.ShouldBeTrue();
        funding.OwnerUserId.ShouldBeNull();
        funding.CanCover(long.MaxValue).ShouldBeTrue();
    }

    [Fact]
    public void Debit_BelowZero_ThrowsInsufficientFunds()
    {
        var account = Account.OpenSystem(Guid.NewGuid(), AccountKind.Merchant, "USD", Now);

        Should.Throw<PaymentsDomainException>(() => account.Debit(1)).Error.ShouldBe(PaymentsErrors.InsufficientFunds);
        account.Balance.ShouldBe(0);
    }

    [Fact]
    public void Credit_BumpsTheVersion()
    {
        var account = Account.OpenSystem(Guid.NewGuid(), AccountKind.Merchant, "USD", Now);

        account.Credit(5);

        account.Balance.ShouldBe(5);
        account.Version.ShouldBe(1);
    }
}

using Atrium.Payments.Domain;

namespace Atrium.Payments.Tests.Domain;

public sealed class FundsTransferTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Account Funded(long balance, string currency = "USD")
    {
        var funding = Account.OpenSystem(Guid.NewGuid(), AccountKind.Funding, currency, Now);
        var account = Account.OpenForUser(Guid.NewGuid(), Guid.NewGuid(), currency, Now);
        if (balance > 0)
        {
            FundsTransfer.Execute(Guid.NewGuid(), funding, account, new Money(balance, currency), "test", Now);
        }

        return account;
    }

    private static Account Merchant(string currency = "USD") => Account.OpenSystem(Guid.NewGuid(), AccountKind.Merchant, currency, Now);

    [Fact]
    public void Execute_EnoughFunds_MovesTheAmountAndWritesADebitAndACredit()
    {
        var user = Funded(1000);
        var merchant = Merchant();
        var transferId = Guid.NewGuid();

        var transfer = FundsTransfer.Execute(transferId, user, merchant, new Money(300, "USD"), "charge:o1", Now);

        user.Balance.ShouldBe(700);
        merchant.Balance.ShouldBe(300);
        transfer.Id.ShouldBe(transferId);
        transfer.Debit.ShouldSatisfyAllConditions(
            d => d.TransferId.ShouldBe(transferId),
            d => d.AccountId.ShouldBe(user.Id),
            d => d.Direction.ShouldBe(EntryDirection.Debit),
            d => d.Amount.ShouldBe(300),
            d => d.BalanceAfter.ShouldBe(700),
            d => d.Reference.ShouldBe("charge:o1"));
        transfer.Credit.ShouldSatisfyAllConditions(
            c => c.TransferId.ShouldBe(transferId),
            c => c.AccountId.ShouldBe(merchant.Id),
            c => c.Direction.ShouldBe(EntryDirection.Credit),
            c => c.Amount.ShouldBe(300),
            c => c.BalanceAfter.ShouldBe(300));
    }

    [Fact]
    public void Execute_WholeBalance_LeavesZero()
    {
        var user = Funded(500);

        FundsTransfer.Execute(Guid.NewGuid(), user, Merchant(), new Money(500, "USD"), "charge:o1", Now);

        user.Balance.ShouldBe(0);
    }

    [Fact]
    public void Execute_InsufficientFunds_ThrowsAndChangesNothing()
    {
        var user = Funded(100);
        var merchant = Merchant();

        var error = Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), user, merchant, new Money(101, "USD"), "charge:o1", Now));

        error.Error.ShouldBe(PaymentsErrors.InsufficientFunds);
        user.Balance.ShouldBe(100);
        merchant.Balance.ShouldBe(0);
        merchant.Version.ShouldBe(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Execute_AmountNotPositive_ThrowsInvalidAmount(long amount)
    {
        var user = Funded(100);

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), user, Merchant(), new Money(amount, "USD"), "x", Now))
            .Error.ShouldBe(PaymentsErrors.InvalidAmount);
        user.Balance.ShouldBe(100);
    }

    [Fact]
    public void Execute_AmountInAnotherCurrency_ThrowsCurrencyMismatch()
    {
        var user = Funded(100);

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), user, Merchant(), new Money(10, "EUR"), "x", Now))
            .Error.ShouldBe(PaymentsErrors.CurrencyMismatch);
        user.Balance.ShouldBe(100);
    }

    [Fact]
    public void Execute_AccountsInDifferentCurrencies_ThrowsCurrencyMismatch()
    {
        var user = Funded(100);
        var merchant = Merchant("EUR");

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), user, merchant, new Money(10, "USD"), "x", Now))
            .Error.ShouldBe(PaymentsErrors.CurrencyMismatch);
        merchant.Balance.ShouldBe(0);
    }

    [Fact]
    public void Execute_ToTheSameAccount_ThrowsSameAccount()
    {
        var user = Funded(100);

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), user, user, new Money(10, "USD"), "x", Now))
            .Error.ShouldBe(PaymentsErrors.SameAccount);
        user.Balance.ShouldBe(100);
    }

    [Fact]
    public void Execute_FromFunding_GoesBelowZeroAndTheSumStaysZero()
    {
        var funding = Account.OpenSystem(Guid.NewGuid(), AccountKind.Funding, "USD", Now);
        var users = Enumerable.Range(0, 3).Select(_ => Account.OpenForUser(Guid.NewGuid(), Guid.NewGuid(), "USD", Now)).ToList();

        foreach (var user in users)
        {
            FundsTransfer.Execute(Guid.NewGuid(), funding, user, new Money(100_000, "USD"), "opening", Now);
        }

        funding.Balance.ShouldBe(-300_000);
        (funding.Balance + users.Sum(u => u.Balance)).ShouldBe(0);
    }

    [Fact]
    public void Execute_MerchantBelowZero_ThrowsInsufficientFunds()
    {
        var merchant = Merchant();
        var user = Funded(0);

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Execute(Guid.NewGuid(), merchant, user, new Money(1, "USD"), "refund:o1", Now))
            .Error.ShouldBe(PaymentsErrors.InsufficientFunds);
    }

    [Fact]
    public void Fund_DebitAppliedByTheDatabase_CreditsTheNewAccountAndRecordsBothEntries()
    {
        var account = Account.OpenForUser(Guid.NewGuid(), Guid.NewGuid(), "USD", Now);
        var funding = new AccountBalance(Guid.NewGuid(), -500);

        var transfer = FundsTransfer.Fund(Guid.NewGuid(), funding, account, new Money(500, "USD"), "opening:u1", Now);

        account.Balance.ShouldBe(500);
        transfer.Debit.ShouldSatisfyAllConditions(
            d => d.AccountId.ShouldBe(funding.Id),
            d => d.Direction.ShouldBe(EntryDirection.Debit),
            d => d.BalanceAfter.ShouldBe(-500));
        transfer.Credit.ShouldSatisfyAllConditions(
            c => c.AccountId.ShouldBe(account.Id),
            c => c.Direction.ShouldBe(EntryDirection.Credit),
            c => c.Amount.ShouldBe(500),
            c => c.BalanceAfter.ShouldBe(500));
    }

    [Fact]
    public void Fund_AccountInAnotherCurrency_ThrowsCurrencyMismatchAndCreditsNothing()
    {
        var account = Account.OpenForUser(Guid.NewGuid(), Guid.NewGuid(), "EUR", Now);

        Should.Throw<PaymentsDomainException>(() => FundsTransfer.Fund(Guid.NewGuid(), new AccountBalance(Guid.NewGuid(), -5), account, new Money(5, "USD"), "opening:u1", Now))
            .Error.ShouldBe(PaymentsErrors.CurrencyMismatch);
        account.Balance.ShouldBe(0);
    }
}

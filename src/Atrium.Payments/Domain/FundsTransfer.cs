namespace Atrium.Payments.Domain;

/// <summary>
/// The one way money moves: checks every rule first (a positive amount, one currency, two distinct accounts, enough
/// funds), then debits and credits together and writes both ledger entries. A refusal throws
/// <see cref="PaymentsDomainException"/> having changed nothing.
/// </summary>
internal static class FundsTransfer
{
    /// <summary>Moves <paramref name="amount"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Transfer Execute(Guid transferId, Account from, Account to, Money amount, string reference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (amount.Amount <= 0)
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidAmount, "A transfer amount must be positive.");
        }

        if (from.Id == to.Id)
        {
            throw new PaymentsDomainException(PaymentsErrors.SameAccount, "An account cannot pay itself.");
        }

        if (!string.Equals(amount.Currency, from.Currency, StringComparison.Ordinal) || !string.Equals(amount.Currency, to.Currency, StringComparison.Ordinal))
        {
            throw new PaymentsDomainException(
                PaymentsErrors.CurrencyMismatch, $"A transfer of {amount.Currency} needs two {amount.Currency} accounts, not {from.Currency} and {to.Currency}.");
        }

        if (!from.CanCover(amount.Amount))
        {
            throw new PaymentsDomainException(PaymentsErrors.InsufficientFunds, $"Insufficient funds: the balance cannot cover {amount}.");
        }

        if (to.Balance > long.MaxValue - amount.Amount || from.Balance < long.MinValue + amount.Amount)
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidAmount, "The transfer would overflow a balance.");
        }

        from.Debit(amount.Amount);
        to.Credit(amount.Amount);
        return new Transfer(
            transferId,
            new LedgerEntry(Guid.CreateVersion7(now), transferId, from, EntryDirection.Debit, amount, reference, now),
            new LedgerEntry(Guid.CreateVersion7(now), transferId, to, EntryDirection.Credit, amount, reference, now));
    }

    /// <summary>
    /// A transfer whose debit the database has applied already (a conditional statement that returned
    /// <paramref name="from"/>'s balance after it) into <paramref name="to"/>, an account loaded or new in this unit
    /// of work, credited here: a new account's opening balance, from the funding account, without loading that hot row.
    /// </summary>
    public static Transfer Fund(Guid transferId, AccountBalance from, Account to, Money amount, string reference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!string.Equals(amount.Currency, to.Currency, StringComparison.Ordinal))
        {
            throw new PaymentsDomainException(
                PaymentsErrors.CurrencyMismatch, $"A transfer of {amount.Currency} needs a {amount.Currency} account, not {to.Currency}.");
        }

        if (to.Balance > long.MaxValue - Math.Max(amount.Amount, 0))
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidAmount, "The transfer would overflow a balance.");
        }

        var transfer = Record(transferId, from, new AccountBalance(to.Id, to.Balance + amount.Amount), amount, reference, now);
        to.Credit(amount.Amount);
        return transfer;
    }

    /// <summary>
    /// The ledger entries of a transfer the database has applied already, as two conditional statements (a debit that
    /// finds no row when the funds are short, and the credit): the escrow-style path that changes hot rows without
    /// loading them first. <paramref name="from"/> and <paramref name="to"/> are the balances those statements returned.
    /// </summary>
    public static Transfer Record(Guid transferId, AccountBalance from, AccountBalance to, Money amount, string reference, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (amount.Amount <= 0)
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidAmount, "A transfer amount must be positive.");
        }

        if (from.Id == to.Id)
        {
            throw new PaymentsDomainException(PaymentsErrors.SameAccount, "An account cannot pay itself.");
        }

        return new Transfer(
            transferId,
            new LedgerEntry(Guid.CreateVersion7(now), transferId, from, EntryDirection.Debit, amount, reference, now),
            new LedgerEntry(Guid.CreateVersion7(now), transferId, to, EntryDirection.Credit, amount, reference, now));
    }
}

namespace Atrium.Payments.Domain;

/// <summary>
/// One side of a transfer in the double-entry ledger: every transfer writes a debit and a credit of the same amount
/// under one <see cref="TransferId"/>, in the same transaction as the balance changes. Never changed once written.
/// </summary>
internal sealed class LedgerEntry
{
    // For the persistence layer.
    private LedgerEntry()
    {
        Currency = "";
        Reference = "";
    }

    internal LedgerEntry(Guid id, Guid transferId, Account account, EntryDirection direction, Money amount, string reference, DateTimeOffset now)
        : this(id, transferId, new AccountBalance(account.Id, account.Balance), direction, amount, reference, now)
    {
    }

    internal LedgerEntry(Guid id, Guid transferId, AccountBalance account, EntryDirection direction, Money amount, string reference, DateTimeOffset now)
    {
        Id = id;
        TransferId = transferId;
        AccountId = account.Id;
        Direction = direction;
        Amount = amount.Amount;
        Currency = amount.Currency;
        BalanceAfter = account.Balance;
        Reference = reference;
        CreatedAt = now;
    }

    /// <summary>The entry's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>The transfer both entries belong to.</summary>
    public Guid TransferId { get; private set; }

    /// <summary>The account debited or credited.</summary>
    public Guid AccountId { get; private set; }

    /// <summary>Debit or credit.</summary>
    public EntryDirection Direction { get; private set; }

    /// <summary>The amount in minor units, always positive; <see cref="Direction"/> gives its sign.</summary>
    public long Amount { get; private set; }

    /// <summary>The currency.</summary>
    public string Currency { get; private set; }

    /// <summary>The account's balance after this entry.</summary>
    public long BalanceAfter { get; private set; }

    /// <summary>Why the money moved, e.g. <c>charge:ORDER</c>, <c>refund:ORDER</c>, <c>opening:USER</c>.</summary>
    public string Reference { get; private set; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset CreatedAt { get; private set; }
}

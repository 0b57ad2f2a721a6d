namespace Atrium.Payments.Domain;

/// <summary>
/// An account: a balance in one currency. Balances change only through <see cref="FundsTransfer"/>, which debits one
/// account and credits another by the same amount, so the sum of all balances never changes. Only the
/// <see cref="AccountKind.Funding"/> account may go below zero; a debit that would take any other below zero throws
/// <see cref="PaymentsDomainException"/>.
/// </summary>
internal sealed class Account
{
    // For the persistence layer.
    private Account()
    {
        Currency = "";
    }

    private Account(Guid id, AccountKind kind, Guid? ownerUserId, string currency, DateTimeOffset now)
    {
        Id = id;
        Kind = kind;
        OwnerUserId = ownerUserId;
        Currency = currency;
        OpenedAt = now;
    }

    /// <summary>The account's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>Whose money it holds.</summary>
    public AccountKind Kind { get; private set; }

    /// <summary>The owning user for a <see cref="AccountKind.User"/> account; <see langword="null"/> for system accounts.</summary>
    public Guid? OwnerUserId { get; private set; }

    /// <summary>The balance in minor units.</summary>
    public long Balance { get; private set; }

    /// <summary>The currency of the balance and of every transfer in or out.</summary>
    public string Currency { get; private set; }

    /// <summary>When the account was opened.</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>Bumped by every balance change, so that two concurrent changes cannot both win (optimistic concurrency).</summary>
    public int Version { get; private set; }

    /// <summary>The balance as money.</summary>
    public Money Money => new(Balance, Currency);

    /// <summary>Whether the balance may go below zero (the funding account only).</summary>
    public bool AllowsOverdraft => Kind == AccountKind.Funding;

    /// <summary>Opens a user's account with a zero balance.</summary>
    public static Account OpenForUser(Guid id, Guid userId, string currency, DateTimeOffset now)
    {
        if (userId == Guid.Empty)
        {
            throw new ArgumentException("A user account needs its user's id.", nameof(userId));
        }

        return new Account(id, AccountKind.User, userId, RequireCurrency(currency), now);
    }

    /// <summary>Opens a system account (<see cref="AccountKind.Merchant"/> or <see cref="AccountKind.Funding"/>) with a zero balance.</summary>
    public static Account OpenSystem(Guid id, AccountKind kind, string currency, DateTimeOffset now)
    {
        if (kind == AccountKind.User)
        {
            throw new ArgumentException("Open user accounts with OpenForUser.", nameof(kind));
        }

        return new Account(id, kind, null, RequireCurrency(currency), now);
    }

    /// <summary>Whether <paramref name="amount"/> can leave this account.</summary>
    public bool CanCover(long amount) => AllowsOverdraft || Balance >= amount;

    /// <summary>Takes <paramref name="amount"/> out; only <see cref="FundsTransfer"/> calls it, with the credit.</summary>
    internal void Debit(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (!CanCover(amount))
        {
            throw new PaymentsDomainException(PaymentsErrors.InsufficientFunds, $"The balance of {Money} cannot cover {amount} {Currency}.");
        }

        Balance = checked(Balance - amount);
        Version++;
    }

    /// <summary>Puts <paramref name="amount"/> in; only <see cref="FundsTransfer"/> calls it, with the debit.</summary>
    internal void Credit(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        Balance = checked(Balance + amount);
        Version++;
    }

    private static string RequireCurrency(string currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper)
            ? currency
            : throw new ArgumentException($"'{currency}' is not an upper-case ISO 4217 code.", nameof(currency));
}

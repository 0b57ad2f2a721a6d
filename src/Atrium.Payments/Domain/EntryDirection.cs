namespace Atrium.Payments.Domain;

/// <summary>Which side of a transfer a ledger entry records.</summary>
internal enum EntryDirection
{
    /// <summary>Money left the account.</summary>
    Debit,

    /// <summary>Money arrived in the account.</summary>
    Credit,
}

namespace Atrium.Payments.Domain;

/// <summary>Whose money an account holds.</summary>
internal enum AccountKind
{
    /// <summary>One registered user's account; never below zero.</summary>
    User,

    /// <summary>
    /// One of the merchant's sub-accounts that charges are paid into (each charge into one, chosen by its order id, so
    /// that charges do not queue on one row); the merchant's balance is their sum. Never below zero.
    /// </summary>
    Merchant,

    /// <summary>
    /// The one system account every new user's starting balance comes from. It alone may go below zero: its balance
    /// is minus everything handed out, so that the sum of all balances stays zero.
    /// </summary>
    Funding,
}

namespace Atrium.Payments.Domain;

/// <summary>Why a payments rule refused something; each maps to a chassis error code at the API.</summary>
internal enum PaymentsErrors
{
    /// <summary>The debited account cannot cover the amount.</summary>
    InsufficientFunds,

    /// <summary>An amount of zero or less.</summary>
    InvalidAmount,

    /// <summary>The amount and the accounts are not all in one currency.</summary>
    CurrencyMismatch,

    /// <summary>A transfer from an account to itself.</summary>
    SameAccount,

    /// <summary>No account for the user (not opened yet).</summary>
    AccountNotFound,

    /// <summary>A charge arrived after the order's refund (no hanging charge).</summary>
    ChargeAfterRefund,

    /// <summary>A repeated charge for an order names another user or amount than the first.</summary>
    ChargeMismatch,

    /// <summary>A refund of a payment whose order was confirmed.</summary>
    PaymentSettled,

    /// <summary>A refund that would move money, made before anyone asked ordering whether the saga compensates.</summary>
    CompensationUnchecked,

    /// <summary>A refund of a captured payment whose order's saga does not compensate (or that ordering does not know).</summary>
    RefundNotCompensating,

    /// <summary>A payment transition its status does not allow.</summary>
    InvalidTransition,
}

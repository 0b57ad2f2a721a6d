namespace Atrium.Payments.Domain;

/// <summary>Where an order's payment is.</summary>
internal enum PaymentStatus
{
    /// <summary>The amount moved from the user to the merchant.</summary>
    Captured,

    /// <summary>The charge was refused for insufficient funds; nothing moved, and a repeat is refused the same way.</summary>
    Declined,

    /// <summary>
    /// The order was confirmed (ordering's <c>OrderConfirmed</c>), so the capture is final: the saga only refunds
    /// before it confirms, and a refund is refused from here on.
    /// </summary>
    Settled,

    /// <summary>The captured amount went back to the user.</summary>
    Refunded,

    /// <summary>A refund arrived before any charge: nothing moved, and a later charge is refused.</summary>
    NullCompensated,
}

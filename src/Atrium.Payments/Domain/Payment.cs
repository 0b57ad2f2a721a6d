namespace Atrium.Payments.Domain;

/// <summary>
/// The payment of one order, keyed by the order id (the idempotency key): at most one capture per order (I2), at
/// most one refund, and only of a capture that is not settled (its order confirmed). A transition its status does
/// not allow throws <see cref="PaymentsDomainException"/>.
/// </summary>
internal sealed class Payment
{
    // For the persistence layer.
    private Payment()
    {
        OrderId = "";
        Currency = "";
    }

    private Payment(string orderId, Guid? userId, Money amount, PaymentStatus status, Guid? transferId, DateTimeOffset now)
    {
        OrderId = orderId;
        UserId = userId;
        Amount = amount.Amount;
        Currency = amount.Currency;
        Status = status;
        CaptureTransferId = transferId;
        CreatedAt = now;
    }

    /// <summary>The order paid for.</summary>
    public string OrderId { get; private set; }

    /// <summary>The paying user; <see langword="null"/> for a null compensation, which never saw a charge.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>The amount charged (or refused) in minor units; 0 for a null compensation.</summary>
    public long Amount { get; private set; }

    /// <summary>The currency.</summary>
    public string Currency { get; private set; }

    /// <summary>The amount as money.</summary>
    public Money Money => new(Amount, Currency);

    /// <summary>Where the payment is.</summary>
    public PaymentStatus Status { get; private set; }

    /// <summary>The transfer that captured the amount, if it was captured.</summary>
    public Guid? CaptureTransferId { get; private set; }

    /// <summary>The transfer that gave it back, if it was refunded.</summary>
    public Guid? RefundTransferId { get; private set; }

    /// <summary>When the payment was recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was refunded.</summary>
    public DateTimeOffset? RefundedAt { get; private set; }

    /// <summary>Records a capture made by <paramref name="transfer"/>.</summary>
    public static Payment Capture(string orderId, Guid userId, Money amount, Transfer transfer, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentNullException.ThrowIfNull(transfer);
        return new Payment(orderId, userId, amount, PaymentStatus.Captured, transfer.Id, now);
    }

    /// <summary>Records a charge refused for insufficient funds, so that a repeat is refused without moving money.</summary>
    public static Payment Decline(string orderId, Guid userId, Money amount, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return new Payment(orderId, userId, amount, PaymentStatus.Declined, null, now);
    }

    /// <summary>Records a refund that came before any charge.</summary>
    public static Payment NullCompensate(string orderId, string currency, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return new Payment(orderId, null, new Money(0, currency), PaymentStatus.NullCompensated, null, now);
    }

    /// <summary>Whether a repeated charge asks for the same thing as the first.</summary>
    public bool IsSameCharge(Guid userId, Money amount) => UserId == userId && Money == amount;

    /// <summary>Marks a capture as final: its order was confirmed.</summary>
    /// <remarks>The settlement of an <c>OrderConfirmed</c> applies this rule in one statement on the store (<c>SettlePaymentHandler</c>).</remarks>
    /// <exception cref="PaymentsDomainException">The payment is not <see cref="PaymentStatus.Captured"/>.</exception>
    public void Settle()
    {
        if (Status != PaymentStatus.Captured)
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidTransition, $"Only a captured payment can be settled; this one is {Status}.");
        }

        Status = PaymentStatus.Settled;
    }

    /// <summary>Refuses a refund of a settled payment, before any money is moved for it.</summary>
    /// <exception cref="PaymentsDomainException">The payment is <see cref="PaymentStatus.Settled"/>.</exception>
    public void EnsureNotSettled()
    {
        if (Status == PaymentStatus.Settled)
        {
            throw new PaymentsDomainException(PaymentsErrors.PaymentSettled, $"Order '{OrderId}' is confirmed and its payment settled; it cannot be refunded.");
        }
    }

    /// <summary>Marks a capture as given back by <paramref name="transfer"/>.</summary>
    /// <exception cref="PaymentsDomainException">The payment is settled, or not a capture.</exception>
    public void Refund(Transfer transfer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        EnsureNotSettled();
        if (Status != PaymentStatus.Captured)
        {
            throw new PaymentsDomainException(PaymentsErrors.InvalidTransition, $"Only a captured payment can be refunded; this one is {Status}.");
        }

        Status = PaymentStatus.Refunded;
        RefundTransferId = transfer.Id;
        RefundedAt = now;
    }
}

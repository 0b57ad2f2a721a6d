namespace Atrium.Ordering.Domain;

/// <summary>Why an order was cancelled: stable UPPER_SNAKE codes, shown to the customer and carried by events.</summary>
internal static class CancellationReasons
{
    /// <summary>The catalog could not hold every line.</summary>
    public const string OutOfStock = "OUT_OF_STOCK";

    /// <summary>A product was removed before it could be reserved.</summary>
    public const string ProductUnavailable = "PRODUCT_UNAVAILABLE";

    /// <summary>The payment was declined for lack of funds.</summary>
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";

    /// <summary>Payments refused the charge as malformed (a currency its accounts do not hold, say); asking again would not help.</summary>
    public const string PaymentRejected = "PAYMENT_REJECTED";

    /// <summary>The reservation lapsed before the order could be confirmed.</summary>
    public const string ReservationExpired = "RESERVATION_EXPIRED";

    /// <summary>The saga did not get past its uncertain steps before its deadline.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";
}

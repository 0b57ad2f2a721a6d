namespace Atrium.Ordering.Domain;

/// <summary>Where an order is. Pending is the only state with a way out; the other two are terminal.</summary>
internal enum OrderStatus
{
    /// <summary>Accepted; the saga is running.</summary>
    Pending,

    /// <summary>Stock committed and payment captured.</summary>
    Confirmed,

    /// <summary>Given up, with a reason; any reservation released and any charge refunded.</summary>
    Cancelled,
}

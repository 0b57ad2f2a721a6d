namespace Atrium.Catalog.Domain;

/// <summary>Why a catalog rule refused something; each maps to a chassis error code at the API.</summary>
internal enum CatalogErrors
{
    /// <summary>No such product.</summary>
    ProductNotFound,

    /// <summary>Not enough stock available.</summary>
    InsufficientStock,

    /// <summary>A stock figure that would break 0 ≤ reserved ≤ on hand.</summary>
    InvalidStock,

    /// <summary>A negative price.</summary>
    InvalidPrice,

    /// <summary>A malformed reservation.</summary>
    InvalidReservation,

    /// <summary>The reservation is not held (already confirmed, released or expired).</summary>
    ReservationNotHeld,

    /// <summary>No reservation for the transaction.</summary>
    ReservationNotFound,

    /// <summary>A try arrived after the transaction's cancel (no hanging reservation).</summary>
    TryAfterCancel,

    /// <summary>The SKU exists already.</summary>
    SkuTaken,
}

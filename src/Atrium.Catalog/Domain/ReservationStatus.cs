namespace Atrium.Catalog.Domain;

/// <summary>Where a reservation is in its TCC life.</summary>
internal enum ReservationStatus
{
    /// <summary>Stock is held (TCC try).</summary>
    Held,

    /// <summary>Stock is shipped (TCC confirm).</summary>
    Confirmed,

    /// <summary>Stock is released (TCC cancel, or expiry).</summary>
    Released,
}

namespace Atrium.Catalog.Domain;

/// <summary>One product and quantity of a reservation.</summary>
internal sealed record ReservationLine(Guid ProductId, int Quantity);

namespace Atrium.Catalog.Domain;

/// <summary>One product and quantity of a reservation.</summary>
public sealed record ReservationLine(Guid ProductId, int Quantity);

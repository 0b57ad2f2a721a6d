namespace Atrium.Catalog.Api;

/// <summary>One line of a TCC try.</summary>
internal sealed record ReservationLineRequest(Guid ProductId, int Quantity);

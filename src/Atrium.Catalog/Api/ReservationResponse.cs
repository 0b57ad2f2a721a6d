namespace Atrium.Catalog.Api;

/// <summary>The state of a transaction's reservation after a TCC call.</summary>
internal sealed record ReservationResponse(string TransactionId, string Status);

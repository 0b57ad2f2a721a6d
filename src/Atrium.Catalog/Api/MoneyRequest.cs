namespace Atrium.Catalog.Api;

/// <summary>Money in a request: integer minor units and an ISO 4217 currency code.</summary>
internal sealed record MoneyRequest(long? Amount, string? Currency);

namespace Atrium.Catalog.Api;

/// <summary>Money on the wire: integer minor units and a currency code.</summary>
internal sealed record MoneyResponse(long Amount, string Currency);

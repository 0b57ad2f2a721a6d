namespace Atrium.Catalog.Api;

/// <summary>Body of <c>PUT /api/catalog/products/{id}/stock</c>: the units counted on hand.</summary>
internal sealed record SetStockRequest(int? OnHand);

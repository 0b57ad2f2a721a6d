namespace Atrium.Catalog.Api;

/// <summary>Body of <c>POST /api/catalog/products</c>; every member is checked, so each may be missing.</summary>
internal sealed record CreateProductRequest(string? Sku, string? Name, string? Description, MoneyRequest? Price, int? Stock);

namespace Atrium.Catalog.Api;

/// <summary>One page of products.</summary>
internal sealed record ProductPage(IReadOnlyList<ProductResponse> Items, int Page, int PageSize, int Total);

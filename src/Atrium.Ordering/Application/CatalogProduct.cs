using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Application;

/// <summary>What ordering needs to know of a catalog product to price a line.</summary>
internal sealed record CatalogProduct(Guid Id, string Sku, Money Price);

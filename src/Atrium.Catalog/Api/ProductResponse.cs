using Atrium.Catalog.Domain;

namespace Atrium.Catalog.Api;

/// <summary>A product as the API shows it.</summary>
internal sealed record ProductResponse(Guid Id, string Sku, string Name, string Description, MoneyResponse Price, int Available)
{
    public static ProductResponse From(Product product) =>
        new(product.Id, product.Sku, product.Name, product.Description, new MoneyResponse(product.PriceAmount, product.Currency), product.Available);
}

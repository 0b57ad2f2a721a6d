using Atrium.Chassis.Data.Persistence;
using Atrium.Catalog.Domain;
using Atrium.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Catalog.Application;

/// <summary>
/// The admin writes: new products and stock counts. A stock count runs in a write transaction against the product's
/// version, so a count and a concurrent reservation cannot both win, and it is refused below what is reserved (I1).
/// </summary>
internal sealed partial class ProductAdministration(CatalogDbContext db, TimeProvider time, ILogger<ProductAdministration> logger)
{
    public async Task<Product> CreateAsync(string sku, string name, string description, Money price, int onHand, CancellationToken cancellationToken)
    {
        if (await SkuExistsAsync(sku, cancellationToken).ConfigureAwait(false))
        {
            throw SkuTaken(sku);
        }

        var product = Product.Create(Guid.CreateVersion7(time.GetUtcNow()), sku, name, description, price, onHand);
        db.Products.Add(product);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same SKU won the unique index.
            if (await SkuExistsAsync(sku, cancellationToken).ConfigureAwait(false))
            {
                throw SkuTaken(sku);
            }

            throw;
        }

        LogCreated(logger, product.Id, product.Sku, product.OnHand);
        return product;
    }

    public async Task<Product> SetOnHandAsync(Guid id, int onHand, CancellationToken cancellationToken)
    {
        var product = await WriteTransaction.RunAsync(db, async () =>
        {
            var tracked = await db.Products.SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new CatalogDomainException(CatalogErrors.ProductNotFound, $"Product '{id}' does not exist.");
            tracked.SetOnHand(onHand);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return tracked;
        }, cancellationToken).ConfigureAwait(false);
        LogStockSet(logger, product.Id, product.OnHand, product.Reserved);
        return product;
    }

    private Task<bool> SkuExistsAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().AnyAsync(p => p.Sku == sku, cancellationToken);

    private static CatalogDomainException SkuTaken(string sku) => new(CatalogErrors.SkuTaken, $"The SKU '{sku}' exists already.");

    [LoggerMessage(EventId = CatalogEventIds.ProductCreated, Level = LogLevel.Information, Message = "Product {ProductId} ({Sku}) created with {OnHand} on hand")]
    private static partial void LogCreated(ILogger logger, Guid productId, string sku, int onHand);

    [LoggerMessage(EventId = CatalogEventIds.StockSet, Level = LogLevel.Information, Message = "Stock of product {ProductId} set to {OnHand} on hand ({Reserved} reserved)")]
    private static partial void LogStockSet(ILogger logger, Guid productId, int onHand, int reserved);
}

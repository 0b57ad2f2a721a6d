using Atrium.Catalog.Domain;
using Atrium.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Catalog.Application;

/// <summary>Reads of the product list and of single products.</summary>
internal sealed class ProductQueries(CatalogDbContext db)
{
    public const int MaxPageSize = 100;

    public async Task<(List<Product> Items, int Total)> ListAsync(int page, int pageSize, string? query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = "%" + query.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            products = products.Where(p => EF.Functions.Like(p.Name, pattern, "\\") || EF.Functions.Like(p.Sku, pattern, "\\") || EF.Functions.Like(p.Description, pattern, "\\"));
        }

        var total = await products.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await products.OrderBy(p => p.Sku).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (items, total);
    }

    public Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>The products with these ids, in no particular order; unknown ids have none.</summary>
    public Task<List<Product>> FindManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return db.Products.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToListAsync(cancellationToken);
    }
}

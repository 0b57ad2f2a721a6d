using Atrium.Chassis.Configuration;
using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>
/// Remembers for <see cref="OrderingOptions.ProductCacheTtl"/> the products the catalog priced, so that placing an
/// order on products seen recently costs no <c>GetProducts</c> call. A catalog product's price is set when it is
/// created and nothing changes it, so a remembered price is the price; the TTL bounds what a future price change
/// would miss. Products the catalog does not know are asked about again every time. The TCC calls pass straight
/// through.
/// </summary>
internal sealed class PriceCachingCatalogClient(GrpcCatalogClient catalog, LiveOptions<OrderingOptions> live, TimeProvider time) : ICatalogClient
{
    private readonly ExpiringMemory<Guid, CatalogProduct> _known = new(time);

    public async Task<IReadOnlyDictionary<Guid, CatalogProduct>> GetProductsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var products = new Dictionary<Guid, CatalogProduct>(ids.Count);
        List<Guid>? missing = null;
        foreach (var id in ids)
        {
            if (_known.TryGet(id, out var product))
            {
                products[id] = product;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is null)
        {
            return products;
        }

        foreach (var (id, product) in await catalog.GetProductsAsync(missing, cancellationToken).ConfigureAwait(false))
        {
            products[id] = product;
            _known.Remember(id, product, live.Current.ProductCacheTtl);
        }

        return products;
    }

    public Task<BranchResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken) =>
        catalog.ReserveAsync(orderId, lines, cancellationToken);

    public Task<BranchResult> ConfirmAsync(Guid orderId, CancellationToken cancellationToken) => catalog.ConfirmAsync(orderId, cancellationToken);

    public Task<BranchResult> CancelAsync(Guid orderId, CancellationToken cancellationToken) => catalog.CancelAsync(orderId, cancellationToken);
}

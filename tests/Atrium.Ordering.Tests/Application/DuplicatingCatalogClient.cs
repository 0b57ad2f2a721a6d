using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Application;

/// <summary>The real catalog client with every saga call (try, confirm, cancel) delivered three times (see <see cref="Duplicate"/>).</summary>
internal sealed class DuplicatingCatalogClient(ICatalogClient inner) : ICatalogClient
{
    public Task<IReadOnlyDictionary<Guid, CatalogProduct>> GetProductsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        inner.GetProductsAsync(ids, cancellationToken);

    public Task<BranchResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken) =>
        Duplicate.SendAsync(() => inner.ReserveAsync(orderId, lines, cancellationToken));

    public Task<BranchResult> ConfirmAsync(Guid orderId, CancellationToken cancellationToken) =>
        Duplicate.SendAsync(() => inner.ConfirmAsync(orderId, cancellationToken));

    public Task<BranchResult> CancelAsync(Guid orderId, CancellationToken cancellationToken) =>
        Duplicate.SendAsync(() => inner.CancelAsync(orderId, cancellationToken));
}

using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Application;

/// <summary>The real catalog client, except that a reservation waits at the door until the test lets it through.</summary>
internal sealed class HeldCatalogClient(ICatalogClient inner) : ICatalogClient
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a reservation has been asked for and is being held.</summary>
    public Task Reserving => _entered.Task;

    public void Release() => _released.TrySetResult();

    public Task<IReadOnlyDictionary<Guid, CatalogProduct>> GetProductsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        inner.GetProductsAsync(ids, cancellationToken);

    public async Task<BranchResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
        return await inner.ReserveAsync(orderId, lines, cancellationToken);
    }

    public Task<BranchResult> ConfirmAsync(Guid orderId, CancellationToken cancellationToken) => inner.ConfirmAsync(orderId, cancellationToken);

    public Task<BranchResult> CancelAsync(Guid orderId, CancellationToken cancellationToken) => inner.CancelAsync(orderId, cancellationToken);
}

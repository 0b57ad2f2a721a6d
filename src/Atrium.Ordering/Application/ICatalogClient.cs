using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Application;

/// <summary>The catalog as ordering calls it: prices, and the stock branch of the saga (TCC). Every branch call is idempotent per order.</summary>
internal interface ICatalogClient
{
    /// <summary>The products among <paramref name="ids"/> that exist.</summary>
    /// <exception cref="Chassis.Errors.AtriumException">The catalog cannot be reached (UPSTREAM_UNAVAILABLE / UPSTREAM_TIMEOUT).</exception>
    Task<IReadOnlyDictionary<Guid, CatalogProduct>> GetProductsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>TCC try: holds every line or none.</summary>
    Task<BranchResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken);

    /// <summary>TCC confirm: commits the held stock.</summary>
    Task<BranchResult> ConfirmAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>TCC cancel: releases the held stock, or records that nothing may be held later.</summary>
    Task<BranchResult> CancelAsync(Guid orderId, CancellationToken cancellationToken);
}

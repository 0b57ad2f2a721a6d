namespace Atrium.Payments.Application;

/// <summary>Ordering's word on an order's saga.</summary>
internal interface IOrderSagas
{
    /// <summary>
    /// Whether the order's saga compensates (false for an order ordering does not know).
    /// </summary>
    /// <exception cref="Chassis.Errors.AtriumException">Ordering could not be asked (UPSTREAM_UNAVAILABLE): the caller retries.</exception>
    Task<bool> IsCompensatingAsync(string orderId, CancellationToken cancellationToken);
}

using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Application;

/// <summary>Payments as the saga calls it. Both calls are idempotent per order.</summary>
internal interface IPaymentsClient
{
    /// <summary>Captures <paramref name="amount"/> from the user's account.</summary>
    Task<BranchResult> ChargeAsync(Guid orderId, Guid userId, Money amount, CancellationToken cancellationToken);

    /// <summary>Gives the order's capture back, or records that nothing may be captured later.</summary>
    Task<BranchResult> RefundAsync(Guid orderId, CancellationToken cancellationToken);
}

using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Application;

/// <summary>The real payments client with every call delivered three times (see <see cref="Duplicate"/>).</summary>
internal sealed class DuplicatingPaymentsClient(IPaymentsClient inner) : IPaymentsClient
{
    public Task<BranchResult> ChargeAsync(Guid orderId, Guid userId, Money amount, CancellationToken cancellationToken) =>
        Duplicate.SendAsync(() => inner.ChargeAsync(orderId, userId, amount, cancellationToken));

    public Task<BranchResult> RefundAsync(Guid orderId, CancellationToken cancellationToken) =>
        Duplicate.SendAsync(() => inner.RefundAsync(orderId, cancellationToken));
}

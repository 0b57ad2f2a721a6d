using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application.Saga;

/// <summary>
/// Whether an order's saga compensates, read from its saved record. The runner saves the turn to Refund before it
/// calls payments' Refund (the journal's save completes before the next step runs), so a service that asks while
/// serving that call already finds the saga compensating.
/// </summary>
internal sealed class SagaCompensations(OrderingDbContext db)
{
    /// <summary>Whether the saga compensates and why (empty when it does not); <see langword="null"/> for an unknown order.</summary>
    public async Task<(bool Compensating, string Reason)?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var saga = await db.Sagas.AsNoTracking()
            .Where(s => s.OrderId == orderId)
            .Select(s => new { s.Step, s.Reason })
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (saga is null)
        {
            return null;
        }

        // Fail sets the reason as it turns the saga to Refund or Release; a saga that went forward has none.
        var compensating = saga.Step is SagaStep.Refund or SagaStep.Release || (saga.Step == SagaStep.Done && saga.Reason is not null);
        return (compensating, compensating ? saga.Reason ?? "" : "");
    }
}

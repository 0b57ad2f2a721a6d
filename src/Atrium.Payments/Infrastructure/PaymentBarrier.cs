using Microsoft.EntityFrameworkCore;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// The barrier of the payment branch, as dtm defines it: <see cref="EnterAsync"/> inserts (order, branch, operation)
/// unless it is there, inside the caller's local transaction, and says whether this call inserted it. A call that
/// finds its row is a repeat and must not move money again.
/// </summary>
internal sealed class PaymentBarrier(PaymentsDbContext db, TimeProvider time)
{
    public const string Branch = "payment";
    public const string Charge = "charge";
    public const string Refund = "refund";

    /// <summary><see langword="true"/> on the first call for (<paramref name="orderId"/>, <paramref name="operation"/>).</summary>
    public async Task<bool> EnterAsync(string orderId, string operation, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO tcc_barrier (TransactionId, Branch, Operation, CreatedAtTicks) VALUES ({orderId}, {Branch}, {operation}, {time.GetUtcNow().UtcTicks}) ON CONFLICT DO NOTHING",
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Whether (<paramref name="orderId"/>, <paramref name="operation"/>) was entered.</summary>
    public Task<bool> PassedAsync(string orderId, string operation, CancellationToken cancellationToken) =>
        db.Barrier.AnyAsync(b => b.TransactionId == orderId && b.Branch == Branch && b.Operation == operation, cancellationToken);
}

using Atrium.Chassis.Data.Persistence;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// The payment branch's view of the chassis <see cref="BranchBarrier"/>: <see cref="EnterAsync"/> inserts (order, branch, operation)
/// unless it is there, inside the caller's local transaction, and says whether this call inserted it. A call that
/// finds its row is a repeat and must not move money again.
/// </summary>
internal sealed class PaymentBarrier(PaymentsDbContext db, TimeProvider time)
{
    public const string Branch = "payment";
    public const string Charge = "charge";
    public const string Refund = "refund";

    /// <summary><see langword="true"/> on the first call for (<paramref name="orderId"/>, <paramref name="operation"/>).</summary>
    public Task<bool> EnterAsync(string orderId, string operation, CancellationToken cancellationToken) =>
        BranchBarrier.InsertAsync(db, orderId, Branch, operation, time, cancellationToken);

    /// <summary>Whether (<paramref name="orderId"/>, <paramref name="operation"/>) was entered.</summary>
    public Task<bool> PassedAsync(string orderId, string operation, CancellationToken cancellationToken) =>
        BranchBarrier.ExistsAsync(db, orderId, Branch, operation, cancellationToken);
}

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// One row of a branch barrier: (transaction, branch, operation) happened. Written in the same local transaction as
/// the business change it guards, so the row exists exactly when the change does.
/// </summary>
internal sealed class BarrierRecord
{
    /// <summary>The global transaction (the order id).</summary>
    public string TransactionId { get; set; } = "";

    /// <summary>The branch (<c>stock</c>, <c>payment</c>).</summary>
    public string Branch { get; set; } = "";

    /// <summary>The operation (<c>try</c>, <c>confirm</c>, <c>cancel</c>, <c>charge</c>, <c>refund</c>).</summary>
    public string Operation { get; set; } = "";

    /// <summary>When it was recorded, in UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
}

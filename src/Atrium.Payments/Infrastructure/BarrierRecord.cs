namespace Atrium.Payments.Infrastructure;

/// <summary>
/// One row of the barrier: (transaction, branch, operation) happened. Written in the same local transaction as the
/// ledger change it guards, so the row exists exactly when the change does.
/// </summary>
internal sealed class BarrierRecord
{
    public string TransactionId { get; set; } = "";

    public string Branch { get; set; } = "";

    public string Operation { get; set; } = "";

    public long CreatedAtTicks { get; set; }
}

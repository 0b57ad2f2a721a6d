using Microsoft.EntityFrameworkCore;

namespace Atrium.Catalog.Infrastructure;

/// <summary>
/// The barrier's one primitive, as dtm defines it: insert (transaction, branch, operation) unless it is there,
/// inside the caller's local transaction, and say whether this call inserted it. An insert that finds the row is a
/// repeat and must not change anything again.
/// </summary>
internal static class TccBarrier
{
    public const string Try = "try";
    public const string Confirm = "confirm";
    public const string Cancel = "cancel";

    public static async Task<bool> InsertAsync(CatalogDbContext db, string transactionId, string branch, string operation, TimeProvider time, CancellationToken cancellationToken)
    {
        var rows = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO tcc_barrier (TransactionId, Branch, Operation, CreatedAtTicks) VALUES ({transactionId}, {branch}, {operation}, {time.GetUtcNow().UtcTicks}) ON CONFLICT DO NOTHING",
            cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    public static Task<bool> ExistsAsync(CatalogDbContext db, string transactionId, string branch, string operation, CancellationToken cancellationToken) =>
        db.Barrier.AnyAsync(b => b.TransactionId == transactionId && b.Branch == branch && b.Operation == operation, cancellationToken);
}

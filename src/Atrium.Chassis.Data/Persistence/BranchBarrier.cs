using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// The barrier of a saga or TCC branch, as dtm defines it, with its one primitive: insert (transaction, branch,
/// operation) unless it is there, inside the caller's local transaction, and say whether this call inserted it. A call
/// that finds its row is a repeat and must not change anything again. Map the table with <see cref="AddBarrier"/>.
/// The insert waits for a concurrent transaction holding the same key, on SQLite and PostgreSQL alike, so two racing
/// calls cannot both see themselves as first at any isolation level.
/// </summary>
public static class BranchBarrier
{
    /// <summary>The barrier table.</summary>
    public const string Table = "tcc_barrier";

    /// <summary>Maps <see cref="BarrierRecord"/> to <see cref="Table"/> (call from <c>OnModelCreating</c>).</summary>
    public static ModelBuilder AddBarrier(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<BarrierRecord>(barrier =>
        {
            barrier.ToTable(Table);
            barrier.HasKey(b => new { b.TransactionId, b.Branch, b.Operation });
        });
        return modelBuilder;
    }

    /// <summary><see langword="true"/> when this call recorded (transaction, branch, operation); <see langword="false"/> for a repeat.</summary>
    public static async Task<bool> InsertAsync(DbContext db, string transactionId, string branch, string operation, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var rows = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO tcc_barrier (\"TransactionId\", \"Branch\", \"Operation\", \"CreatedAtTicks\") VALUES ({transactionId}, {branch}, {operation}, {time.GetUtcNow().UtcTicks}) ON CONFLICT DO NOTHING",
            cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Whether (transaction, branch, operation) was recorded.</summary>
    public static Task<bool> ExistsAsync(DbContext db, string transactionId, string branch, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<BarrierRecord>().AnyAsync(b => b.TransactionId == transactionId && b.Branch == branch && b.Operation == operation, cancellationToken);
    }
}

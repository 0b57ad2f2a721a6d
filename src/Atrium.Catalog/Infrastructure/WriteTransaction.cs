using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Atrium.Catalog.Infrastructure;

/// <summary>
/// Runs a unit of work in a write transaction and retries it when a concurrent writer won: SQLite transactions begin
/// IMMEDIATE (writers queue for the lock instead of failing to upgrade a stale read), and every provider gets a
/// retry on an optimistic-concurrency conflict, with the change tracker cleared so the retry reads fresh rows.
/// </summary>
internal static class WriteTransaction
{
    private const int MaxAttempts = 5;

    public static async Task<T> RunAsync<T>(CatalogDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await BeginAsync(db, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work().ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsConflict(ex))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<IDbContextTransaction> BeginAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await db.Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: false), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The SQLite transaction could not be enlisted.");
        }

        return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsConflict(Exception ex) =>
        ex is DbUpdateConcurrencyException
        || (ex is DbUpdateException { InnerException: DbException inner } && IsBusy(inner))
        || (ex is DbException db && IsBusy(db));

    // SQLITE_BUSY (5) and its extended codes such as SQLITE_BUSY_SNAPSHOT (517); PostgreSQL serialization failure.
    private static bool IsBusy(DbException ex) =>
        ex is SqliteException sqlite ? (sqlite.SqliteErrorCode & 0xFF) == 5 : ex.SqlState == "40001";
}

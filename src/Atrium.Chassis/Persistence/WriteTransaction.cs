using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Atrium.Chassis.Persistence;

/// <summary>
/// Runs a unit of work in a write transaction and retries it when a concurrent writer won: on SQLite the work first
/// takes its turn at the <see cref="DatabaseWriteGate"/> and its transaction begins IMMEDIATE (so no writer fails to upgrade a
/// stale read), and every provider gets a retry
/// on an optimistic-concurrency conflict or a serialization failure, with the change tracker cleared so the retry
/// reads fresh rows.
/// </summary>
public static class WriteTransaction
{
    /// <summary>Attempts before a conflict is thrown to the caller. 5.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Runs <paramref name="work"/> (which calls <c>SaveChangesAsync</c> as needed) and commits it.</summary>
    /// <exception cref="DbUpdateConcurrencyException">Every attempt met a conflict.</exception>
    public static async Task<T> RunAsync<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        using var turn = await DatabaseWriteGate.EnterAsync(db, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await BeginAsync(db, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work().ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception ex)
            {
                // Always end the transaction here: an attached SQLite transaction is not EF's to roll back, and left
                // open it would hold the database's write lock (and show rolled-back rows) until the scope ends.
                await RollBackAsync(transaction).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                if (attempt >= MaxAttempts || !IsConflict(ex))
                {
                    throw;
                }
            }
        }
    }

    private static async Task RollBackAsync(IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbException)
        {
            // The failure already ended the transaction (a failed commit, a broken connection); the original error is the one to report.
        }
    }

    /// <summary>Whether <paramref name="exception"/> is a lost race with another writer, worth running again.</summary>
    public static bool IsConflict(Exception exception) =>
        exception is DbUpdateConcurrencyException
        || (exception is DbUpdateException { InnerException: DbException inner } && IsBusy(inner))
        || (exception is DbException db && IsBusy(db));

    private static async Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await db.Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: false), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The SQLite transaction could not be enlisted.");
        }

        return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
    }

    // SQLITE_BUSY (5) and its extended codes such as SQLITE_BUSY_SNAPSHOT (517); PostgreSQL serialization failure.
    private static bool IsBusy(DbException ex) =>
        ex is SqliteException sqlite ? (sqlite.SqliteErrorCode & 0xFF) == 5 : ex.SqlState == "40001";
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// Runs a unit of work in a write transaction and retries it when a concurrent writer won: on SQLite the work is
/// queued for the file's group commit (<see cref="SqliteGroupCommit"/>, which the context's options carry from the
/// database's owner), whose transactions begin IMMEDIATE (so no
/// writer fails to upgrade a stale read); on PostgreSQL it runs at READ COMMITTED, where the aggregates' concurrency
/// tokens and the barrier's unique key decide races. Every provider gets a retry on an optimistic-concurrency conflict, a
/// serialization failure or a deadlock, with the change tracker cleared so the retry reads fresh rows; PostgreSQL
/// writers are not queued, so they get more attempts and a short random pause between them.
/// </summary>
public static class WriteTransaction
{
    /// <summary>Attempts before a conflict is thrown to the caller on SQLite, where writers already take turns. 5.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Attempts before a conflict is thrown to the caller on a server database. 10.</summary>
    public const int MaxServerAttempts = 10;

    /// <summary>Runs <paramref name="work"/> (which calls <c>SaveChangesAsync</c> as needed) and commits it.</summary>
    /// <remarks>
    /// On SQLite the work joins the file's group commit (<see cref="SqliteGroupCommit"/>): it may share its transaction
    /// with other callers' works, each inside its own savepoint, and the returned task completes once that transaction
    /// has committed. A context configured without one (<see cref="SqliteDbContextOptionsExtensions.UseAtriumSqlite(DbContextOptionsBuilder, string)"/>
    /// outside a module) writes in an IMMEDIATE transaction of its own, and SQLite's busy timeout queues it.
    /// </remarks>
    /// <exception cref="DbUpdateConcurrencyException">Every attempt met a conflict.</exception>
    public static Task<T> RunAsync<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.GetDbConnection() is not SqliteConnection)
        {
            return RunInOwnTransactionAsync(db, work, MaxServerAttempts, cancellationToken);
        }

        return SqliteGroupCommitExtension.Find(db) is { } groupCommit
            ? groupCommit.RunAsync(db, work, cancellationToken)
            : RunInOwnTransactionAsync(db, work, MaxAttempts, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own on the context's connection, with up to
    /// <paramref name="maxAttempts"/> attempts. On SQLite the caller is the file's group commit, between batches.
    /// </summary>
    internal static async Task<T> RunInOwnTransactionAsync<T>(DbContext db, Func<Task<T>> work, int maxAttempts, CancellationToken cancellationToken)
    {
        var gated = db.Database.GetDbConnection() is SqliteConnection;
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
                if (attempt >= maxAttempts || !IsConflict(ex))
                {
                    throw;
                }
            }

            if (!gated)
            {
                // Spread the losers of a race on one row so that they do not meet again on the next attempt.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 2 * attempt), cancellationToken).ConfigureAwait(false);
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

        return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    // SQLITE_BUSY (5) and its extended codes such as SQLITE_BUSY_SNAPSHOT (517); PostgreSQL serialization failure and
    // deadlock.
    private static bool IsBusy(DbException ex) =>
        ex is SqliteException sqlite ? (sqlite.SqliteErrorCode & 0xFF) == 5 : ex.SqlState is "40001" or "40P01";
}

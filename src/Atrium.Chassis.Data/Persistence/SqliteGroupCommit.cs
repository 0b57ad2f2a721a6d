using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// Group commit for one SQLite file. Write transactions that queue while a batch runs go into the next batch: one
/// connection, one <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>, the works one after another, each inside a savepoint of its
/// own so that a failure undoes only its own work. A caller's task completes once the batch holding its work has
/// committed. SQLite runs one writer at a time anyway; a batch pays the transaction's fixed cost (begin, commit, the
/// write-ahead log's frames for pages that several works touch) once instead of once per work.
/// </summary>
/// <remarks>
/// The batch runs on a connection of its own; each work's <see cref="DbContext"/> is pointed at it while the work runs,
/// in the caller's <see cref="ExecutionContext"/>. That connection is not made by EF Core, so it lacks the SQL functions
/// EF Core's SQLite provider adds (regexp, decimal arithmetic); no model here needs them. A refused work is told after
/// the batch has committed, as a transaction of its own would have been, so that its caller sees the works committed
/// before it. A work whose context already has its connection open cannot be moved; it runs alone, after the batch, on
/// its own connection. One loop per file runs the batches, so this process's writers of a file take turns here,
/// asynchronously and first come, first served, rather than in SQLite's busy handler, which parks a thread and retries
/// on a timer; the loop is a <see cref="GroupCommitLoop{T}"/>, at most <see cref="MaxBatch"/> works a batch. Whoever
/// owns the database owns its group commit (a module's host, through <see cref="SqliteGroupCommits"/>) and disposes it
/// with itself; the writers find it in their context's options (<see cref="SqliteGroupCommitExtension"/>).
/// </remarks>
internal sealed class SqliteGroupCommit : IAsyncDisposable, IDisposable
{
    /// <summary>Works per batch at most, which bounds how long one batch holds the write lock. 64.</summary>
    public const int MaxBatch = 64;

    private const string Savepoint = "atrium_work";

    private readonly string _connectionString;
    private readonly GroupCommitLoop<GroupCommitItem> _loop;

    /// <summary>A group commit for the file <paramref name="connectionString"/> names; its batches open connections with it.</summary>
    public SqliteGroupCommit(string connectionString)
    {
        _connectionString = connectionString;
        _loop = new GroupCommitLoop<GroupCommitItem>(RunBatchAsync, static (item, failure) => item.Fail(failure)) { MaxBatch = MaxBatch };
    }

    /// <summary>Queues <paramref name="work"/> for the next batch; completes when that batch has committed.</summary>
    public Task<T> RunAsync<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new GroupCommitItem<T>(db, work, cancellationToken);
        item.WatchCancellation();
        if (!_loop.TryEnqueue(item))
        {
            item.Fail(new ObjectDisposedException(nameof(SqliteGroupCommit), "The database's owner has stopped; nothing more is written through it."));
        }

        return item.Task;
    }

    /// <summary>Refuses new work; what is already queued still runs (see <see cref="DisposeAsync"/> to wait for it).</summary>
    public void Dispose() => _ = _loop.StopAsync();

    /// <summary>Refuses new work and completes once the works already queued have run.</summary>
    public ValueTask DisposeAsync() => new(_loop.StopAsync());

    /// <summary>One batch of the queue: it runs, then the works to run again go first in line for the next batch.</summary>
    private async Task RunBatchAsync(List<GroupCommitItem> batch) => Requeue(await WriteBatchAsync(batch).ConfigureAwait(false));

    private void Requeue(List<GroupCommitItem> again)
    {
        if (again.Count == 0)
        {
            return;
        }

        var ready = new List<GroupCommitItem>(again.Count);
        foreach (var item in again)
        {
            try
            {
                item.Requeue();
                ready.Add(item);
            }
#pragma warning disable CA1031 // An item that cannot be reset fails alone.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                item.Fail(ex);
            }
        }

        // First in line for the next batch, in their order.
        _loop.Requeue(ready);
    }

    /// <summary>Runs one batch, then the works that must run alone; returns the items to run again. Failures go to their callers.</summary>
    private async Task<List<GroupCommitItem>> WriteBatchAsync(List<GroupCommitItem> batch)
    {
        var outcome = new BatchOutcome();
        try
        {
            await RunInOneTransactionAsync(batch, outcome).ConfigureAwait(false);
        }
        finally
        {
            // Refusals are told only now, after the commit: a caller that looks at the database on a failure (a
            // duplicate key, say) must see the works committed before its own, as it would have with a transaction
            // of its own.
            foreach (var (item, failure) in outcome.Failed)
            {
                item.Fail(failure);
            }
        }

        foreach (var item in outcome.Alone)
        {
            await item.RunAloneAsync().ConfigureAwait(false);
        }

        return outcome.Again;
    }

    private async Task RunInOneTransactionAsync(List<GroupCommitItem> batch, BatchOutcome outcome)
    {
        SqliteConnection? connection = null;
        SqliteTransaction? transaction = null;
        var done = new List<GroupCommitItem>(batch.Count);
        var open = true;
        try
        {
            foreach (var item in batch)
            {
                if (!item.TryStart())
                {
                    continue;
                }

                if (!open)
                {
                    // An earlier failure ended the transaction before this work ran: it waits for the next batch at
                    // no cost to its attempts.
                    outcome.Again.Add(item);
                    continue;
                }

                if (!item.CanJoinBatch)
                {
                    outcome.Alone.Add(item);
                    continue;
                }

                if (transaction is null)
                {
                    try
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync().ConfigureAwait(false);
                        SqlitePragmas.Apply(connection);
                        transaction = connection.BeginTransaction(deferred: false);
                    }
#pragma warning disable CA1031 // The failure to begin is this work's, and the rest of the batch's: each gets it or a retry.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        FailOrRetry(item, ex, outcome);
                        open = false;
                        continue;
                    }
                }

                var failure = await RunOneAsync(item, connection!, transaction).ConfigureAwait(false);
                if (failure is null)
                {
                    done.Add(item);
                    continue;
                }

                // A failed statement may have rolled the whole transaction back (SQLite does for errors such as a
                // full disk); then the works already done in it are lost and run again in the next batch.
                open = InTransaction(connection!) && RollBackTo(transaction);
                item.NotifyObservers(committed: false);
                FailOrRetry(item, failure, outcome);
                if (!open)
                {
                    outcome.Again.AddRange(done);
                    done.Clear();
                }
            }

            if (transaction is not null)
            {
                await CommitAsync(transaction, open, done, outcome).ConfigureAwait(false);
            }
        }
        finally
        {
            if (transaction is not null)
            {
                DisposeQuietly(transaction);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one work inside its savepoint; returns its failure, with the savepoint still to roll back, or null.</summary>
    private static async Task<Exception?> RunOneAsync(GroupCommitItem item, SqliteConnection connection, SqliteTransaction transaction)
    {
        try
        {
            transaction.Save(Savepoint);
            try
            {
                item.Attach(connection, transaction);
                await item.RunWorkAsync().ConfigureAwait(false);
            }
            finally
            {
                item.Detach();
            }

            transaction.Release(Savepoint);
            return null;
        }
#pragma warning disable CA1031 // The failure is the work's own; it goes to its caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private static async Task CommitAsync(SqliteTransaction transaction, bool open, List<GroupCommitItem> done, BatchOutcome outcome)
    {
        if (!open || done.Count == 0)
        {
            return;
        }

        try
        {
            await transaction.CommitAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed commit fails every work in the batch, each at its caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var item in done)
            {
                item.NotifyObservers(committed: false);
                FailOrRetry(item, ex, outcome);
            }

            return;
        }

        foreach (var item in done)
        {
            item.NotifyObservers(committed: true);
            item.Complete();
        }
    }

    private static void FailOrRetry(GroupCommitItem item, Exception failure, BatchOutcome outcome)
    {
        if (WriteTransaction.IsConflict(failure) && ++item.Conflicts < WriteTransaction.MaxAttempts && !item.CancellationToken.IsCancellationRequested)
        {
            outcome.Again.Add(item);
        }
        else
        {
            item.Db.ChangeTracker.Clear();
            outcome.Failed.Add((item, failure));
        }
    }

    private static bool RollBackTo(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static bool InTransaction(SqliteConnection connection) =>
        connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0;

    /// <summary>What a batch leaves to do once its transaction has ended.</summary>
    private sealed class BatchOutcome
    {
        /// <summary>Works to run again in the next batch.</summary>
        public List<GroupCommitItem> Again { get; } = [];

        /// <summary>Works that must run on their own connection, after the batch.</summary>
        public List<GroupCommitItem> Alone { get; } = [];

        /// <summary>Works refused, told to their callers after the batch.</summary>
        public List<(GroupCommitItem Item, Exception Failure)> Failed { get; } = [];
    }

    private static void DisposeQuietly(SqliteTransaction transaction)
    {
        try
        {
            transaction.Dispose();
        }
        catch (SqliteException)
        {
            // SQLite already ended the transaction; nothing is left to roll back.
        }
    }
}

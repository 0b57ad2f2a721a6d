using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Atrium.Chassis.Persistence;

/// <summary>
/// Group commit for one SQLite file. Write transactions that queue while a batch runs go into the next batch: one
/// connection, one <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>, the works one after another, each inside a savepoint of its
/// own so that a failure undoes only its own work. A caller's task completes once the batch holding its work has
/// committed. SQLite runs one writer at a time anyway; a batch pays the transaction's fixed cost (begin, commit, the
/// write-ahead log's frames for pages that several works touch) once instead of once per work.
/// </summary>
/// <remarks>
/// Each work runs on its caller's <see cref="DbContext"/>, pointed at the batch's connection while it runs, and in its
/// caller's <see cref="ExecutionContext"/>. A work whose context already has its connection open cannot be moved; it
/// runs alone, after the batch, on its own connection. The batch holds the file's <see cref="DatabaseWriteGate"/>, so
/// it also takes turns with any other writer queued there.
/// </remarks>
internal sealed class SqliteGroupCommit
{
    /// <summary>Works per batch at most, which bounds how long one batch holds the write lock. 64.</summary>
    public const int MaxBatch = 64;

    private const string Savepoint = "atrium_work";

    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> Files = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate;
    private readonly Lock _lock = new();
    private readonly List<GroupCommitItem> _pending = [];
    private bool _writing;

    private SqliteGroupCommit(string connectionString)
    {
        _connectionString = connectionString;
        _gate = DatabaseWriteGate.For(connectionString);
    }

    /// <summary>The group commit of the file <paramref name="connectionString"/> names.</summary>
    public static SqliteGroupCommit For(string connectionString) =>
        Files.GetOrAdd(connectionString, static cs => new SqliteGroupCommit(cs));

    /// <summary>Queues <paramref name="work"/> for the next batch; completes when that batch has committed.</summary>
    public Task<T> RunAsync<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new GroupCommitItem<T>(db, work, cancellationToken);
        bool start;
        lock (_lock)
        {
            _pending.Add(item);
            start = !_writing;
            _writing = true;
        }

        item.WatchCancellation();
        if (start)
        {
            // The loop serves every caller; it must not carry the first one's trace or log scope.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }

        return item.Task;
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<GroupCommitItem> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var count = Math.Min(_pending.Count, MaxBatch);
                batch = _pending.GetRange(0, count);
                _pending.RemoveRange(0, count);
            }

            var again = await WriteBatchAsync(batch).ConfigureAwait(false);
            if (again.Count > 0)
            {
                // First in line for the next batch, in their order.
                lock (_lock)
                {
                    _pending.InsertRange(0, again);
                }

                foreach (var item in again)
                {
                    item.Requeue();
                }
            }
        }
    }

    /// <summary>Runs one batch at the write gate; returns the items to run again. Never throws: failures go to their callers.</summary>
    private async Task<List<GroupCommitItem>> WriteBatchAsync(List<GroupCommitItem> batch)
    {
        var again = new List<GroupCommitItem>();
        var alone = new List<GroupCommitItem>();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RunInOneTransactionAsync(batch, again, alone).ConfigureAwait(false);
            foreach (var item in alone)
            {
                await item.RunAloneAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return again;
    }

    private async Task RunInOneTransactionAsync(List<GroupCommitItem> batch, List<GroupCommitItem> again, List<GroupCommitItem> alone)
    {
        SqliteConnection? connection = null;
        SqliteTransaction transaction;
        try
        {
            connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            SqlitePragmas.Apply(connection);
            transaction = connection.BeginTransaction(deferred: false);
        }
#pragma warning disable CA1031 // The failure to begin is every queued caller's; each gets it (or a retry).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var item in batch)
            {
                if (item.TryStart())
                {
                    FailOrRetry(item, ex, again);
                }
            }

            return;
        }

        await using (connection.ConfigureAwait(false))
        {
            var done = new List<GroupCommitItem>(batch.Count);
            var open = true;
            foreach (var item in batch)
            {
                if (!open)
                {
                    // An earlier work's failure ended the transaction: this one has not run yet, so it waits for the
                    // next batch at no cost to its attempts.
                    if (item.TryStart())
                    {
                        again.Add(item);
                    }

                    continue;
                }

                if (!item.TryStart())
                {
                    continue;
                }

                if (!item.CanJoinBatch)
                {
                    alone.Add(item);
                    continue;
                }

                var failure = await RunOneAsync(item, connection, transaction).ConfigureAwait(false);
                if (failure is null)
                {
                    done.Add(item);
                    continue;
                }

                // A failed statement may have rolled the whole transaction back (SQLite does for errors such as a
                // full disk); then the works already done in it are lost and run again in the next batch.
                open = InTransaction(connection) && RollBackTo(transaction);
                item.NotifyObservers(committed: false);
                FailOrRetry(item, failure, again);
                if (!open)
                {
                    again.AddRange(done);
                    done.Clear();
                }
            }

            await CommitAsync(transaction, open, done, again).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one work inside its savepoint; returns its failure, with the savepoint still to roll back, or null.</summary>
    private static async Task<Exception?> RunOneAsync(GroupCommitItem item, SqliteConnection connection, SqliteTransaction transaction)
    {
        try
        {
            transaction.Save(Savepoint);
            item.Attach(connection, transaction);
            try
            {
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

    private static async Task CommitAsync(SqliteTransaction transaction, bool open, List<GroupCommitItem> done, List<GroupCommitItem> again)
    {
        try
        {
            if (open && done.Count > 0)
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A failed commit fails every work in the batch, each at its caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var item in done)
            {
                item.NotifyObservers(committed: false);
                FailOrRetry(item, ex, again);
            }

            return;
        }
        finally
        {
            DisposeQuietly(transaction);
        }

        foreach (var item in done)
        {
            item.NotifyObservers(committed: true);
            item.Complete();
        }
    }

    private static void FailOrRetry(GroupCommitItem item, Exception failure, List<GroupCommitItem> again)
    {
        if (WriteTransaction.IsConflict(failure) && ++item.Conflicts < WriteTransaction.MaxAttempts && !item.CancellationToken.IsCancellationRequested)
        {
            again.Add(item);
        }
        else
        {
            item.Db.ChangeTracker.Clear();
            item.Fail(failure);
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

using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// One caller's unit of work waiting in a <see cref="SqliteGroupCommit"/> queue: its context, its cancellation and its
/// <see cref="ExecutionContext"/>, so that the work runs with the caller's trace and log scopes, not the writer's.
/// </summary>
internal abstract class GroupCommitItem
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Finished = 2;

    private readonly ExecutionContext? _executionContext = ExecutionContext.Capture();
    private CancellationTokenRegistration _registration;
    private string? _connectionString;
    private Task? _started;
    private Func<GroupCommitItem, Task>? _start;
    private int _state;

    protected GroupCommitItem(DbContext db, CancellationToken cancellationToken)
    {
        Db = db;
        CancellationToken = cancellationToken;
    }

    public DbContext Db { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>How many times the work has run into a conflict with another writer.</summary>
    public int Conflicts { get; set; }

    /// <summary>
    /// Whether the context can join a batch: its connection must be closed (to be swapped) and its own, made from a
    /// connection string rather than handed in by the application.
    /// </summary>
    public bool CanJoinBatch =>
        Db.Database.GetDbConnection().State == ConnectionState.Closed
        && RelationalOptionsExtension.Extract(Db.GetService<IDbContextOptions>()).Connection is null;

    /// <summary>Lets a cancellation end the wait while the item is still queued; call once, after it is queued.</summary>
    public void WatchCancellation()
    {
        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(static state => ((GroupCommitItem)state!).CancelIfQueued(), this);
        }
    }

    /// <summary>Claims the item for a run; false when it was cancelled while queued (it is then finished).</summary>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
        {
            return false;
        }

        if (CancellationToken.IsCancellationRequested)
        {
            Finish();
            SetCanceled();
            return false;
        }

        return true;
    }

    /// <summary>Back in the queue for another run, from a clean slate.</summary>
    public void Requeue()
    {
        Db.ChangeTracker.Clear();
        Volatile.Write(ref _state, Queued);
        if (CancellationToken.IsCancellationRequested)
        {
            CancelIfQueued();
        }
    }

    /// <summary>Points the context at the batch's connection and enlists it in the batch's transaction.</summary>
    public void Attach(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connectionString ??= Db.Database.GetConnectionString();
        Db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        Db.Database.UseTransaction(transaction);
    }

    /// <summary>Leaves the batch's transaction and gives the context a connection of its own back.</summary>
    public void Detach()
    {
        Db.Database.UseTransaction(null);
        // Not owned: EF Core refuses to take ownership while it counts the batch's connection as in use. The context's
        // next connection is made from the string and closed after each use as before; only its disposal is left to
        // the collector.
        Db.Database.SetDbConnection(null, contextOwnsConnection: false);
        Db.Database.SetConnectionString(_connectionString);
    }

    /// <summary>Runs the work in the caller's execution context.</summary>
    public Task RunWorkAsync() => InCallersContext(static item => item.StartWork());

    /// <summary>Runs the work in a transaction of its own, on its own connection (see <see cref="CanJoinBatch"/>), in the caller's execution context.</summary>
    public Task RunAloneAsync() => InCallersContext(static item => item.StartAlone());

    /// <summary>Tells the context's commit observers (the outbox's nudge) whether its work was committed; best effort.</summary>
    public void NotifyObservers(bool committed)
    {
        try
        {
            var extension = Db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>();
            foreach (var observer in extension?.Interceptors?.OfType<IGroupCommitObserver>() ?? [])
            {
                if (committed)
                {
                    observer.Committed(Db);
                }
                else
                {
                    observer.RolledBack(Db);
                }
            }
        }
#pragma warning disable CA1031 // A nudge only saves the relay a poll; a failing observer must not fail committed work.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Completes the caller's task with the work's result; the work's batch has committed.</summary>
    public void Complete()
    {
        Finish();
        SetResult();
    }

    /// <summary>Fails the caller's task; nothing of the work is committed.</summary>
    public void Fail(Exception exception)
    {
        Finish();
        SetException(exception);
    }

    protected abstract Task StartWork();

    protected abstract Task StartAlone();

    protected abstract void SetResult();

    protected abstract void SetException(Exception exception);

    protected abstract void SetCanceled();

    protected void Finish()
    {
        Volatile.Write(ref _state, Finished);
        _registration.Dispose();
    }

    private Task InCallersContext(Func<GroupCommitItem, Task> start)
    {
        if (_executionContext is null)
        {
            return start(this);
        }

        _start = start;
        ExecutionContext.Run(_executionContext, static state =>
        {
            var item = (GroupCommitItem)state!;
            item._started = item._start!(item);
        }, this);
        return _started!;
    }

    private void CancelIfQueued()
    {
        if (Interlocked.CompareExchange(ref _state, Finished, Queued) == Queued)
        {
            SetCanceled();
        }
    }
}

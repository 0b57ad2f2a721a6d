namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// A host's hold on the group commit of one of its SQLite files (<see cref="SqliteGroupCommits.Acquire"/>), a
/// singleton of the host's container, which disposes it with the host.
/// </summary>
internal sealed class SqliteGroupCommitLease(SqliteGroupCommits owner, string connectionString, SqliteGroupCommit groupCommit)
    : IAsyncDisposable, IDisposable
{
    private int _released;

    public SqliteGroupCommit GroupCommit { get; } = groupCommit;

    /// <summary>Releases the hold; the last one of the file waits for the works already queued to run.</summary>
    public ValueTask DisposeAsync() => Release()?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Releases the hold without waiting for the works already queued.</summary>
    public void Dispose() => Release()?.Dispose();

    private SqliteGroupCommit? Release() =>
        Interlocked.Exchange(ref _released, 1) == 0 ? owner.Release(connectionString) : null;
}

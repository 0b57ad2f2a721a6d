namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// The group commits of one process's SQLite files, one per file (keyed by connection string, which is what modules
/// configured onto one file share), so that modules of one process writing one file keep one writer between them.
/// Shared once through the <see cref="Modularity.ModuleContext"/>; each host holds a <see cref="SqliteGroupCommitLease"/>
/// per database and releases it when it is disposed; the last release of a file disposes its group commit, so that a
/// later host on that file starts with a new one.
/// </summary>
internal sealed class SqliteGroupCommits
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Holders> _files = new(StringComparer.Ordinal);

    /// <summary>The group commit of the file <paramref name="connectionString"/> names, held until the lease is disposed.</summary>
    public SqliteGroupCommitLease Acquire(string connectionString)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(connectionString, out var holders))
            {
                holders = new Holders(new SqliteGroupCommit(connectionString));
                _files.Add(connectionString, holders);
            }

            holders.Count++;
            return new SqliteGroupCommitLease(this, connectionString, holders.GroupCommit);
        }
    }

    /// <summary>Gives up one hold on the file's group commit; returns it when that was the last hold, for disposal.</summary>
    internal SqliteGroupCommit? Release(string connectionString)
    {
        lock (_lock)
        {
            var holders = _files[connectionString];
            if (--holders.Count > 0)
            {
                return null;
            }

            // Removed before it drains: a host that starts on the file meanwhile gets a new writer, which SQLite's
            // lock keeps apart from the old one's last batch.
            _files.Remove(connectionString);
            return holders.GroupCommit;
        }
    }

    private sealed class Holders(SqliteGroupCommit groupCommit)
    {
        public SqliteGroupCommit GroupCommit { get; } = groupCommit;

        public int Count { get; set; }
    }
}

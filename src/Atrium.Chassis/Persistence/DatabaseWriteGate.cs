using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Persistence;

/// <summary>
/// Queues this process's writers to one SQLite database before they ask SQLite for its write lock. SQLite takes one
/// writer at a time anyway; waiting here is asynchronous and first come, first served, where SQLite's busy handler
/// parks a thread and retries on a timer (and Microsoft.Data.Sqlite sleeps 150 ms per retry once it gives up), which
/// under contention turns a sub-millisecond commit into a wait of hundreds of milliseconds. Other providers are not gated.
/// </summary>
public static class DatabaseWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for this writer's turn at <paramref name="db"/>'s database; dispose the result to hand the turn on.
    /// Completes at once for databases other than SQLite.
    /// </summary>
    public static async ValueTask<Turn> EnterAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is not SqliteConnection sqlite)
        {
            return default;
        }

        var gate = For(sqlite.ConnectionString);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    // One gate per file: a connection string names it (Data Source plus options), which is what the modules share.
    internal static SemaphoreSlim For(string connectionString) =>
        Gates.GetOrAdd(connectionString, static _ => new SemaphoreSlim(1, 1));

    /// <summary>A writer's turn; disposing it lets the next writer in.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly SemaphoreSlim? _gate;

        internal Turn(SemaphoreSlim gate) => _gate = gate;

        /// <inheritdoc />
        public void Dispose() => _gate?.Release();
    }
}

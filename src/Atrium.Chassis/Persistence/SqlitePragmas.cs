using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Atrium.Chassis.Persistence;

/// <summary>
/// Sets the per-connection SQLite pragmas every module's database runs with: <c>synchronous=NORMAL</c>, which in WAL
/// mode keeps the database consistent and every commit durable across a process crash (a power loss may drop the
/// last commits), while saving the fsync per commit that FULL pays (measured here: 0.50 ms against 0.04 ms per
/// transaction); and a busy timeout, so a writer waits for the lock instead of failing.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }
}

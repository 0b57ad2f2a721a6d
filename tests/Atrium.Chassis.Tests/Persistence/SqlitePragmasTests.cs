using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NotesContext = Atrium.Chassis.Tests.Persistence.WriteTransactionTests.NotesContext;

namespace Atrium.Chassis.Tests.Persistence;

public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"atrium-pragmas-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task ConnectionOpened_PooledAndNewNativeConnections_EveryOpenHasThePragmas()
    {
        await using (var db = NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        // Open after open of one pooled native connection, then a new native connection once the pool is cleared.
        for (var round = 0; round < 2; round++)
        {
            for (var open = 0; open < 3; open++)
            {
                await using var db = NewContext();
                (await PragmaAsync(db, "synchronous")).ShouldBe(1, "NORMAL");
                (await PragmaAsync(db, "busy_timeout")).ShouldBe(10_000);
            }

            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<long> PragmaAsync(NotesContext db, string name)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private NotesContext NewContext()
    {
        var options = new DbContextOptionsBuilder<NotesContext>();
        options.UseAtriumSqlite($"Data Source={_file}");
        return new NotesContext(options.Options);
    }
}

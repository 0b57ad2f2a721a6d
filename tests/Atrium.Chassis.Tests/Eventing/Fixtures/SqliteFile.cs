using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A real SQLite database file in its own temp folder, with the schema created; deleted on dispose.</summary>
internal sealed class SqliteFile : IServiceDatabase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "atrium-eventing-" + Guid.NewGuid().ToString("N"));

    public SqliteFile()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "service.db"), DefaultTimeout = 30 }.ToString();
        using var db = CreateContext();
        db.Database.EnsureCreated();

        // WAL lets readers and the writer of two relays overlap, as in a service under load.
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public string ConnectionString { get; }

    public void Configure(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    public TestDb CreateContext() => new(new DbContextOptionsBuilder<TestDb>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}

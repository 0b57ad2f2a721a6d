using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A new database on the test process's real PostgreSQL server, with the schema created.</summary>
internal sealed class PostgresDatabase : IServiceDatabase
{
    private PostgresDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase((await PostgresServer.Shared).NewDatabase("eventing"));
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    public void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    public TestDb CreateContext() => new(new DbContextOptionsBuilder<TestDb>().UseNpgsql(ConnectionString).Options);
}

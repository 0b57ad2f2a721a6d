using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.ReadModel;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests;

/// <summary>
/// A real ordering database: <c>ordering.db</c> and the read model's <c>ordering-read.db</c> in a temp folder, or a new
/// database of the tests' PostgreSQL server holding both (as the module keeps them there), their schemas created as the
/// module creates them.
/// </summary>
internal sealed class OrderingDatabase : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string? _postgres;

    // The writers of each SQLite file, as the module's host holds them.
    private readonly SqliteGroupCommit? _orderWrites;
    private readonly SqliteGroupCommit? _readWrites;

    private OrderingDatabase(string? postgres)
    {
        _postgres = postgres;
        Directory.CreateDirectory(_folder.Path);
        if (postgres is null)
        {
            _orderWrites = new SqliteGroupCommit(ConnectionString);
            _readWrites = new SqliteGroupCommit(ReadConnectionString);
        }
    }

    public string ConnectionString => _postgres ?? $"Data Source={Path.Combine(_folder.Path, OrderingModule.DatabaseFile)}";

    public string ReadConnectionString => _postgres ?? $"Data Source={Path.Combine(_folder.Path, ReadModelDatabase.File)}";

    public static async Task<OrderingDatabase> CreateAsync(bool onPostgreSql = false)
    {
        var database = new OrderingDatabase(onPostgreSql ? (await PostgresServer.Shared).NewDatabase("ordering") : null);
        await using var db = database.NewContext();
        await db.Database.EnsureSchemaAsync(CancellationToken.None);
        await using var read = database.NewReadContext();
        await read.Database.EnsureSchemaAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A context of its own, as each request or handler scope gets one.</summary>
    public OrderingDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<OrderingDbContext>();
        _ = _postgres is null ? options.UseAtriumSqlite(ConnectionString, _orderWrites!) : options.UseNpgsql(_postgres);
        return new OrderingDbContext(options.Options);
    }

    /// <summary>A read-model context of its own.</summary>
    public OrderReadDbContext NewReadContext()
    {
        var options = new DbContextOptionsBuilder<OrderReadDbContext>();
        _ = _postgres is null ? options.UseAtriumSqlite(ReadConnectionString, _readWrites!) : options.UseNpgsql(_postgres);
        return new OrderReadDbContext(options.Options);
    }

    public void Dispose()
    {
        _orderWrites?.Dispose();
        _readWrites?.Dispose();
        _folder.Dispose();
    }
}

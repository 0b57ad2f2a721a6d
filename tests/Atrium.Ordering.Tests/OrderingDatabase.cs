using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests;

/// <summary>
/// A real ordering database: <c>ordering.db</c> and the read model's <c>ordering-read.db</c> in a temp folder, their
/// schemas created as the module creates them.
/// </summary>
internal sealed class OrderingDatabase : IDisposable
{
    private readonly TempFolder _folder = new();

    private OrderingDatabase()
    {
        Directory.CreateDirectory(_folder.Path);
    }

    public string ConnectionString => $"Data Source={Path.Combine(_folder.Path, OrderingModule.DatabaseFile)}";

    public string ReadConnectionString => $"Data Source={Path.Combine(_folder.Path, ReadModelDatabase.File)}";

    public static async Task<OrderingDatabase> CreateAsync()
    {
        var database = new OrderingDatabase();
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
        options.UseAtriumSqlite(ConnectionString);
        return new OrderingDbContext(options.Options);
    }

    /// <summary>A read-model context of its own.</summary>
    public OrderReadDbContext NewReadContext()
    {
        var options = new DbContextOptionsBuilder<OrderReadDbContext>();
        options.UseAtriumSqlite(ReadConnectionString);
        return new OrderReadDbContext(options.Options);
    }

    public void Dispose() => _folder.Dispose();
}

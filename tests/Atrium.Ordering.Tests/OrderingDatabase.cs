using Atrium.Chassis.Persistence;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests;

/// <summary>A real ordering database: <c>ordering.db</c> in a temp folder, its schema created as the module creates it.</summary>
internal sealed class OrderingDatabase : IDisposable
{
    private readonly TempFolder _folder = new();

    private OrderingDatabase()
    {
        Directory.CreateDirectory(_folder.Path);
    }

    public string ConnectionString => $"Data Source={Path.Combine(_folder.Path, OrderingModule.DatabaseFile)}";

    public static async Task<OrderingDatabase> CreateAsync()
    {
        var database = new OrderingDatabase();
        await using var db = database.NewContext();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>A context of its own, as each request or handler scope gets one.</summary>
    public OrderingDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<OrderingDbContext>();
        options.UseAtriumSqlite(ConnectionString);
        return new OrderingDbContext(options.Options);
    }

    public void Dispose() => _folder.Dispose();
}

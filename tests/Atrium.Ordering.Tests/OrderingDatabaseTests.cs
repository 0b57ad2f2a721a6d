namespace Atrium.Ordering.Tests;

/// <summary>Tests that each get a fresh <see cref="OrderingDatabase"/>.</summary>
public abstract class OrderingDatabaseTests : IAsyncLifetime
{
    internal OrderingDatabase Database { get; private set; } = null!;

    /// <summary>Whether the database is a PostgreSQL one rather than SQLite files.</summary>
    protected virtual bool OnPostgreSql => false;

    public async Task InitializeAsync() => Database = await OrderingDatabase.CreateAsync(OnPostgreSql);

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}

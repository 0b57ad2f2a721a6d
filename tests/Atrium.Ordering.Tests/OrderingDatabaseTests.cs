namespace Atrium.Ordering.Tests;

/// <summary>Tests that each get a fresh <see cref="OrderingDatabase"/>.</summary>
public abstract class OrderingDatabaseTests : IAsyncLifetime
{
    internal OrderingDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await OrderingDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}

using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

public sealed class RabbitMqEventTransportTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task PublishAsync_OutboxThroughTheBrokerToTheInbox_EachEventAppliedOnce()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        await using var host = ServiceHost.Create(_database, process.Context);
        await host.StartAsync();

        var users = new List<UserRegistered>();
        for (var i = 0; i < 20; i++)
        {
            users.Add(await host.WriteAsync());
        }

        await Eventually.TrueAsync(async () => await CountAccountsAsync() == users.Count, "every event is applied");
        await using var db = _database.CreateContext();
        (await db.Accounts.Select(a => a.UserId).ToListAsync()).ShouldBe(users.Select(u => u.UserId), ignoreOrder: true);
        (await db.InboxMessages.CountAsync()).ShouldBe(users.Count);
        await Eventually.TrueAsync(async () => await CountPendingAsync() == 0, "every row is marked published");
        await host.StopAsync();
    }

    private async Task<int> CountAccountsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync();
    }

    private async Task<int> CountPendingAsync()
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.CountAsync(m => m.PublishedAt == null);
    }
}

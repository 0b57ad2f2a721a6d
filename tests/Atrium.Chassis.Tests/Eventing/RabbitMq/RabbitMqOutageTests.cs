using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

/// <summary>The broker stopped and started under load, on a node of this class's own (the shared one stays up).</summary>
public sealed class RabbitMqOutageTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Broker_StoppedAndStartedMidStream_NothingLostNorAppliedTwiceAndReadinessSaysSo()
    {
        await using var broker = await RabbitMqServer.StartNewAsync();
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        await using var host = ServiceHost.Create(_database, process.Context);
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        (await BrokerStatusAsync(health)).Status.ShouldBe(HealthStatus.Healthy);
        var users = new List<UserRegistered>();
        using var writing = new CancellationTokenSource();
        // A steady stream: up to 50 events ahead of the consumer, so that some are always between the outbox and the
        // inbox (in the relay, at the broker, unacknowledged) when the broker goes.
        var writer = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested && users.Count < 2000)
            {
                users.Add(await host.WriteAsync());
                while (!writing.IsCancellationRequested && users.Count - await CountAccountsAsync() > 50)
                {
                    await Task.Delay(20);
                }
            }
        });
        await Eventually.UntilAsync(async () => await CountAccountsAsync() >= 10, "events flow before the outage");

        await broker.StopAsync();

        await Eventually.UntilAsync(async () => (await BrokerStatusAsync(health)).Status == HealthStatus.Unhealthy, "readiness names the broker");
        (await BrokerStatusAsync(health)).Description.ShouldNotBeNull().ShouldContain("unreachable");
        // Written while the broker is down: they wait in the outbox, not counted as failed attempts.
        var whileDown = new[] { await host.WriteAsync(), await host.WriteAsync() };
        await using (var db = _database.CreateContext())
        {
            var rows = await db.OutboxMessages.Where(m => whileDown.Select(u => u.Id).Contains(m.Id)).ToListAsync();
            rows.ShouldAllBe(m => m.PublishedAt == null && m.Attempts == 0);
        }

        await broker.StartAsync();
        await Eventually.UntilAsync(async () => (await BrokerStatusAsync(health)).Status == HealthStatus.Healthy, "the transport reconnects", TimeSpan.FromSeconds(60));
        await writing.CancelAsync();
        await writer;
        users.AddRange(whileDown);

        await Eventually.UntilAsync(async () => await CountAccountsAsync() == users.Count, "every event is applied", TimeSpan.FromSeconds(60));
        await using (var db = _database.CreateContext())
        {
            (await db.Accounts.Select(a => a.UserId).ToListAsync()).ShouldBe(users.Select(u => u.UserId), ignoreOrder: true);
            (await db.InboxMessages.CountAsync()).ShouldBe(users.Count);
        }

        await Eventually.UntilAsync(async () => await CountPendingAsync() == 0, "every row is marked published");
        await host.StopAsync();
    }

    private static async Task<HealthReportEntry> BrokerStatusAsync(HealthCheckService health) =>
        (await health.CheckHealthAsync(r => r.Name == BrokerHealthCheck.Name)).Entries[BrokerHealthCheck.Name];

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

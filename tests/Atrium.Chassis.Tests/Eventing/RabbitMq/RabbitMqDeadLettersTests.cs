using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

public sealed class RabbitMqDeadLettersTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ReplayAsync_HandlerFixed_DeadLetterGoesBackToItsQueueAndIsAppliedOnce()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        using var metrics = new MetricRecorder(process.Context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, process.Context);
        await host.StartAsync();
        host.Probe.FailFirst = int.MaxValue;
        var user = await host.WriteAsync();
        await Eventually.UntilAsync(() => metrics.Sum("atrium.eventing.dead_lettered") == 1, "the message is dead-lettered");
        var deadLetters = new RabbitMqDeadLetters(process.Options);
        // Listing hands the messages back: a second listing sees the same.
        (await deadLetters.ListAsync(ServiceHost.AccountsSubscription, 10, CancellationToken.None)).ShouldNotBeNull().Count.ShouldBe(1);
        (await deadLetters.ListAsync(ServiceHost.AccountsSubscription, 10, CancellationToken.None)).ShouldNotBeNull().Count.ShouldBe(1);
        host.Probe.FailFirst = 0;

        var moved = await deadLetters.ReplayAsync(ServiceHost.AccountsSubscription, 100, CancellationToken.None);

        moved.ShouldBe(1);
        // The probe hears of the commit just after the row is visible, so both are waited for.
        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1 && host.Probe.Commits == 1, "the replayed message is applied once");
        (await deadLetters.ListAsync(ServiceHost.AccountsSubscription, 10, CancellationToken.None)).ShouldNotBeNull().ShouldBeEmpty();
        (await deadLetters.ReplayAsync(ServiceHost.AccountsSubscription, 100, CancellationToken.None)).ShouldBe(0);
        host.Probe.Commits.ShouldBe(1);
        await host.StopAsync();
    }

    [Fact]
    public async Task ListAsync_UnknownSubscription_ReturnsNull()
    {
        var broker = await RabbitMqServer.Shared;
        var deadLetters = new RabbitMqDeadLetters(BrokerProcess.TestOptions(broker.NewVirtualHost().Uri));

        (await deadLetters.ListAsync("tests.nobody", 10, CancellationToken.None)).ShouldBeNull();
        (await deadLetters.ReplayAsync("tests.nobody", 10, CancellationToken.None)).ShouldBeNull();
    }

    private async Task<int> CountAccountsAsync(Guid userId)
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync(a => a.UserId == userId);
    }
}

using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class EventSubscriptionsTests : IDisposable
{
    private readonly SqliteFile _commands = new();
    private readonly SqliteFile _projection = new();

    public void Dispose()
    {
        _commands.Dispose();
        _projection.Dispose();
    }

    [Fact]
    public async Task AddEventSubscriptions_ConsumerOnAnotherDatabase_AppliesEventsThereAndRunsNoRelay()
    {
        var context = ServiceHost.CreateContext();
        await using var writer = ServiceHost.Create(_commands, context, subscribeAccounts: false);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(new HandlerProbe());
        builder.Services.AddDbContext<TestDb>(o => o.UseSqlite(_projection.ConnectionString));
        builder.Services.AddEventSubscriptions<TestDb>(context).Subscribe<UserRegistered, AccountProjection>(ServiceHost.AccountsSubscription);
        using var consumer = builder.Build();
        await consumer.StartAsync();
        await writer.StartAsync();

        var user = await writer.WriteAsync();

        await Eventually.UntilAsync(async () =>
        {
            await using var db = _projection.CreateContext();
            return await db.Accounts.AnyAsync(a => a.UserId == user.UserId);
        }, "the consumer applies the event in its own database");
        consumer.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name.StartsWith("OutboxRelay", StringComparison.Ordinal));
        await using (var projection = _projection.CreateContext())
        {
            (await projection.InboxMessages.SingleAsync()).MessageId.ShouldBe(user.Id);
            (await projection.Accounts.CountAsync()).ShouldBe(1);
        }

        await writer.StopAsync();
        await consumer.StopAsync();
    }

    [Fact]
    public void AddEventSubscriptions_TwiceForOneContext_Throws()
    {
        var context = ServiceHost.CreateContext();
        var services = new ServiceCollection();
        services.AddEventSubscriptions<TestDb>(context);

        var ex = Should.Throw<InvalidOperationException>(() => services.AddEventSubscriptions<TestDb>(context));

        ex.Message.ShouldBe("Event subscriptions are already added for TestDb.");
    }
}

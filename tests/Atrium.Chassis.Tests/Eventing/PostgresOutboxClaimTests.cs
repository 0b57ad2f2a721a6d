using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Atrium.Chassis.Tests.Eventing;

/// <summary>The outbox relay's one-statement claim on a real PostgreSQL server, each test on a database of its own.</summary>
public sealed class PostgresOutboxClaimTests : IAsyncLifetime
{
    // Only a guard against a test that would hang: a claim that waits for a lock would wait forever.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RunOnceAsync_TwoRelaysOnOneDatabase_PublishEachRowOnce()
    {
        const int Rows = 300;
        await using (var db = _database.CreateContext())
        {
            for (var i = 0; i < Rows; i++)
            {
                db.Outbox(SharedEventTypes.Instance).Add(ServiceHost.NewUser());
            }

            await db.SaveChangesAsync();
        }

        var context = ServiceHost.CreateContext();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(context.GetEventTransport(), EventTypes.UserRegistered, "tests.raw");
        Action<OutboxOptions> small = o =>
        {
            o.BatchSize = 7;
            o.PollInterval = TimeSpan.FromMilliseconds(10);
        };
        await using var a = ServiceHost.Create(_database, context, small, subscribeAccounts: false);
        await using var b = ServiceHost.Create(_database, context, small, subscribeAccounts: false);

        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.OutboxMessages.CountAsync(m => m.PublishedAt == null) == 0;
        }, "every row is marked published", TimeSpan.FromSeconds(60));
        await Task.WhenAll(a.StopAsync(), b.StopAsync());

        recorder.Deliveries.Count.ShouldBe(Rows);
        recorder.Deliveries.Values.ShouldAllBe(n => n == 1);
        recorder.Total.ShouldBe(Rows);
        await using var check = _database.CreateContext();
        (await check.OutboxMessages.CountAsync(m => m.ClaimToken != null)).ShouldBe(0);
    }

    [Fact]
    public async Task RunOnceAsync_OldestRowLockedByAnotherTransaction_SkipsItAndClaimsTheRestOldestFirst()
    {
        var transport = new HeldAcknowledgementTransport();
        var context = ServiceHost.CreateContext();
        context.Share<IEventTransport>(transport);
        await using var host = ServiceHost.Create(_database, context, subscribeAccounts: false);
        var users = new List<UserRegistered>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await host.WriteAsync());
        }

        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();
        await using (var holder = new NpgsqlConnection(_database.ConnectionString))
        {
            // Another relay's claim in progress, holding the oldest row until it commits.
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM outbox_messages WHERE \"Id\" = @id FOR UPDATE", holder, transaction))
            {
                lockRow.Parameters.AddWithValue("id", users[0].Id);
                await lockRow.ExecuteNonQueryAsync();
            }

            await relay.RunOnceAsync(CancellationToken.None).WaitAsync(Hang);

            transport.Published.Select(p => p.MessageId).ShouldBe(users.Skip(1).Select(u => u.Id));
            await transaction.CommitAsync();
        }

        await relay.RunOnceAsync(CancellationToken.None).WaitAsync(Hang);

        transport.Published.Select(p => p.MessageId).ShouldBe(users.Skip(1).Append(users[0]).Select(u => u.Id));
        await using var db = _database.CreateContext();
        (await db.OutboxMessages.CountAsync(m => m.ClaimToken != null)).ShouldBe(5, "each row stays claimed while in flight");
    }

    [Fact]
    public async Task StopAsync_RowsInFlight_ClaimsReleasedAtOnce()
    {
        var transport = new HeldAcknowledgementTransport();
        var context = ServiceHost.CreateContext();
        context.Share<IEventTransport>(transport);
        await using var host = ServiceHost.Create(_database, context, o => o.ClaimTimeout = TimeSpan.FromHours(1), subscribeAccounts: false);
        await host.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.WriteAsync();
        }

        await Eventually.UntilAsync(() => transport.Published.Count == 3, "the rows are published and held in flight");
        await host.StopAsync();

        await using var db = _database.CreateContext();
        var rows = await db.OutboxMessages.ToListAsync();
        rows.ShouldAllBe(m => m.ClaimToken == null && m.PublishedAt == null && m.Attempts == 0);
        rows.ShouldAllBe(m => m.NextAttemptAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RunOnceAsync_ClaimOfADeadRelayExpired_AnotherRelayTakesTheRow()
    {
        Action<OutboxOptions> claim = o =>
        {
            o.PublishTimeout = TimeSpan.FromMinutes(5);
            o.ClaimTimeout = TimeSpan.FromMinutes(10);
        };
        var deadTransport = new HeldAcknowledgementTransport();
        var deadContext = ServiceHost.CreateContext();
        deadContext.Share<IEventTransport>(deadTransport);
        await using var dead = ServiceHost.Create(_database, deadContext, claim, subscribeAccounts: false);
        var user = await dead.WriteAsync();
        await dead.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single().RunOnceAsync(CancellationToken.None);
        deadTransport.Published.Single().MessageId.ShouldBe(user.Id);

        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var transport = new HeldAcknowledgementTransport();
        var context = ServiceHost.CreateContext(clock: clock);
        context.Share<IEventTransport>(transport);
        await using var other = ServiceHost.Create(_database, context, claim, subscribeAccounts: false);
        var relay = other.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();

        await relay.RunOnceAsync(CancellationToken.None);
        transport.Published.ShouldBeEmpty();

        clock.Advance(TimeSpan.FromMinutes(11));
        await relay.RunOnceAsync(CancellationToken.None);
        transport.Published.Single().MessageId.ShouldBe(user.Id);
    }
}

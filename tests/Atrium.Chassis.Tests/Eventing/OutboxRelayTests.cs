using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class OutboxRelayTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task SaveChanges_EventWithStateChange_PublishedOnceToSubscriber()
    {
        var context = ServiceHost.CreateContext();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(context.GetEventTransport(), EventTypes.UserRegistered, "tests.raw");

        // A poll interval far beyond the deadline: only the commit's nudge can wake the relay.
        await using var host = ServiceHost.Create(_database, context, o => o.PollInterval = TimeSpan.FromHours(1));
        await host.StartAsync();
        // The relay's round at start publishes whatever is pending: once a first event is out, that round is over.
        var first = await host.WriteAsync();
        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(first.Id), "the first event is published", TimeSpan.FromSeconds(10));
        var user = await host.WriteAsync();

        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(user.Id), "the event is published", TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the subscriber applied it");
        await AfterEverythingSentAsync(host, recorder, user);

        recorder.Deliveries[user.Id].ShouldBe(1);
        host.Probe.Calls.ShouldBe(3);
        await using var db = _database.CreateContext();
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == user.Id);
        row.PublishedAt.ShouldNotBeNull();
        row.Attempts.ShouldBe(0);
        row.Type.ShouldBe(EventTypes.UserRegistered);
        (await db.Widgets.CountAsync(w => w.Id == user.UserId)).ShouldBe(1);
        await host.StopAsync();
    }

    [Fact]
    public async Task SaveChanges_TransactionRolledBack_PublishesNothing()
    {
        var context = ServiceHost.CreateContext();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(context.GetEventTransport(), EventTypes.UserRegistered, "tests.raw");
        await using var host = ServiceHost.Create(_database, context);
        await host.StartAsync();

        var rolledBack = ServiceHost.NewUser();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Id = rolledBack.UserId, Name = "never" });
            db.Outbox().Add(rolledBack);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // A later committed event, published after the rolled-back one would have been.
        var marker = await host.WriteAsync();
        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(marker.Id), "the committed event is published");

        recorder.Deliveries.ContainsKey(rolledBack.Id).ShouldBeFalse();
        recorder.Total.ShouldBe(1);
        await using var check = _database.CreateContext();
        (await check.OutboxMessages.AnyAsync(m => m.Id == rolledBack.Id)).ShouldBeFalse();
        (await check.Widgets.AnyAsync(w => w.Id == rolledBack.UserId)).ShouldBeFalse();
        await host.StopAsync();
    }

    [Fact]
    public async Task Relay_TransportFailsFirstPublishes_RetriesWithBackoffAndPublishes()
    {
        var context = ServiceHost.CreateContext();
        var inner = context.GetEventTransport();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(inner, EventTypes.UserRegistered, "tests.raw");
        var context2 = ServiceHost.CreateContext();
        var flaky = new FlakyTransport(inner, failures: 3);
        context2.Share<IEventTransport>(flaky);
        using var metrics = new MetricRecorder(context2.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context2, subscribeAccounts: false);
        await host.StartAsync();

        var user = await host.WriteAsync();

        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(user.Id), "the event is published after the failures");
        // A marked row is never claimed again: from then on the publish count is final.
        await Eventually.UntilAsync(
            async () => await IsPublishedAsync(user) && metrics.Sum("atrium.outbox.published") == 1, "the row is marked published");
        recorder.Deliveries[user.Id].ShouldBe(1);
        flaky.Publishes.ShouldBe(4);
        await using var db = _database.CreateContext();
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == user.Id);
        row.Attempts.ShouldBe(3);
        row.LastError.ShouldBe("InvalidOperationException: transport down (publish 3)");
        row.PublishedAt.ShouldNotBeNull();
        row.ClaimToken.ShouldBeNull();
        metrics.Sum("atrium.outbox.publish_failures").ShouldBe(3);
        metrics.Sum("atrium.outbox.published").ShouldBe(1);
        await host.StopAsync();
    }

    [Fact]
    public async Task Relay_TransportConfirmsEachPublish_PublishesTheBatchAtOnce()
    {
        var context = ServiceHost.CreateContext();
        var inner = context.GetEventTransport();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(inner, EventTypes.UserRegistered, "tests.raw");
        var confirming = ServiceHost.CreateContext();
        confirming.Share<IEventTransport>(new BatchConfirmTransport(inner, batch: 5));
        // Long enough that a relay waiting on the first confirm would not finish within the test's deadline.
        await using var host = ServiceHost.Create(_database, confirming, o =>
        {
            o.PublishTimeout = TimeSpan.FromMinutes(1);
            o.ClaimTimeout = TimeSpan.FromMinutes(2);
        }, subscribeAccounts: false);
        var users = new List<UserRegistered>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await host.WriteAsync());
        }

        await host.StartAsync();

        await Eventually.UntilAsync(() => recorder.Total == 5, "the five rows are published together");
        recorder.Deliveries.Keys.ShouldBe(users.Select(u => u.Id), ignoreOrder: true);
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.OutboxMessages.CountAsync(m => m.PublishedAt != null && m.Attempts == 0) == 5;
        }, "each row is marked once its own publish returned");
        await host.StopAsync();
    }

    [Fact]
    public async Task StopAsync_RelayRunning_LoopEndsCleanly()
    {
        var logs = new CapturingLoggerProvider();
        var context = ServiceHost.CreateContext(logs);
        await using var host = ServiceHost.Create(_database, context, logs: logs);
        await host.StartAsync();
        var user = await host.WriteAsync();
        await Eventually.UntilAsync(() => IsPublishedAsync(user), "the relay has published the row");

        await host.StopAsync();

        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();
        var loop = relay.ExecuteTask ?? throw new InvalidOperationException("the relay never ran");
        loop.IsCompletedSuccessfully.ShouldBeTrue();
        logs.Entries.ShouldContain(e => e.Message == "Outbox relay for TestDb stopped");
        logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Restart_RowsLeftPendingByStoppedRelay_PublishedByNewRelay()
    {
        // The first relay cannot publish at all: its rows stay pending with failed attempts.
        var first = ServiceHost.CreateContext();
        var down = new FlakyTransport(ServiceHost.CreateContext().GetEventTransport(), failures: -1);
        first.Share<IEventTransport>(down);
        using var metrics = new MetricRecorder(first.GetOrShare(() => new EventingMetrics()).Meter);
        var users = new List<UserRegistered>();
        await using (var host = ServiceHost.Create(_database, first, subscribeAccounts: false))
        {
            await host.StartAsync();
            for (var i = 0; i < 5; i++)
            {
                users.Add(await host.WriteAsync());
            }

            await Eventually.UntilAsync(async () =>
            {
                await using var db = _database.CreateContext();
                return await db.OutboxMessages.CountAsync(m => m.Attempts >= 1) == 5;
            }, "every row failed at least once");
            await Eventually.UntilAsync(() => metrics.LastObserved("atrium.outbox.pending") == 5, "the pending gauge shows the rows");
            await host.StopAsync();
        }

        await using (var db = _database.CreateContext())
        {
            (await db.OutboxMessages.CountAsync(m => m.PublishedAt == null)).ShouldBe(5);
        }

        // A new process over the same file.
        var second = ServiceHost.CreateContext();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(second.GetEventTransport(), EventTypes.UserRegistered, "tests.raw");
        await using var restarted = ServiceHost.Create(_database, second);
        await restarted.StartAsync();

        await Eventually.UntilAsync(() => users.All(u => recorder.Deliveries.ContainsKey(u.Id)), "every pending row is published");
        await Eventually.UntilAsync(async () => await CountAllAccountsAsync() == 5, "the subscriber applied every event");
        await AfterEverythingSentAsync(restarted, recorder, [.. users]);

        users.ShouldAllBe(u => recorder.Deliveries[u.Id] == 1);
        await using (var db = _database.CreateContext())
        {
            (await db.OutboxMessages.CountAsync(m => m.PublishedAt == null)).ShouldBe(0);
        }

        await restarted.StopAsync();
    }

    [Fact]
    public async Task PendingGauge_RowsWrittenAndPublishedBetweenCounts_NeverBelowZeroThenZero()
    {
        var context = ServiceHost.CreateContext();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context, subscribeAccounts: false);
        await host.StartAsync();
        // The gauge is there once the relay's loop runs; its first count finds nothing.
        await Eventually.UntilAsync(() => metrics.LastObserved("atrium.outbox.pending") == 0, "the relay counts the empty backlog");

        // Written and published well within the second between two counts of the backlog.
        for (var i = 0; i < 50; i++)
        {
            await host.WriteAsync();
        }

        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.OutboxMessages.CountAsync(m => m.PublishedAt != null) == 50;
        }, "every row is published");
        // Every reading from the last publish up to the next count, which finds no backlog.
        var observed = new List<long?>();
        await Eventually.UntilAsync(
            () =>
            {
                var pending = metrics.LastObserved("atrium.outbox.pending");
                observed.Add(pending);
                return pending == 0;
            },
            "the next count finds no backlog");

        observed.ShouldAllBe(v => v >= 0);
        await host.StopAsync();
    }

    [Fact]
    public async Task TwoRelays_OneDatabase_PublishEachRowOnce()
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
        await Eventually.UntilAsync(() => recorder.Deliveries.Count == Rows, "every row is published", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () => await CountPublishedAsync() == Rows, "every row is marked published", TimeSpan.FromSeconds(60));
        await Task.WhenAll(a.StopAsync(), b.StopAsync());
        // A second publish of a row would be on the queue before this one, which comes after both relays stopped.
        var marker = ServiceHost.NewUser();
        await context.GetEventTransport().PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(marker.Id, EventTypes.UserRegistered, marker.OccurredAt, EventTypes.Serialize(marker), null), CancellationToken.None);
        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(marker.Id), "the marker is delivered");

        recorder.Deliveries.TryRemove(marker.Id, out _).ShouldBeTrue();

        recorder.Deliveries.Values.ShouldAllBe(n => n == 1);
        recorder.Total.ShouldBe(Rows);
        await using var check = _database.CreateContext();
        (await check.OutboxMessages.CountAsync(m => m.PublishedAt == null)).ShouldBe(0);
    }

    [Fact]
    public async Task Restart_SubscriberNeverCommittedBeforeCrash_RowDeliveredAgainAndAppliedOnce()
    {
        // The first process queues the events; the accounts subscriber applies them, but a second subscriber never
        // gets to commit one before the process dies.
        var first = ServiceHost.CreateContext();
        var never = new TaskCompletionSource();
        var (stuck, stuckSubscription) = await DeliveryRecorder.SubscribeAsync(first.GetEventTransport(), EventTypes.UserRegistered, "tests.raw", never.Task);
        var users = new List<UserRegistered>();

        // A short claim, so the rows come due again for the next process whether or not the stop below got to hand
        // them back: a kill -9 never does.
        Action<OutboxOptions> shortClaim = o =>
        {
            o.PublishTimeout = TimeSpan.FromSeconds(1);
            o.ClaimTimeout = TimeSpan.FromSeconds(2);
        };
        await using (var host = ServiceHost.Create(_database, first, shortClaim))
        {
            await host.StartAsync();
            for (var i = 0; i < 3; i++)
            {
                users.Add(await host.WriteAsync());
            }

            await Eventually.UntilAsync(async () => await CountAllAccountsAsync() == 3, "the accounts subscriber to apply every event");
            await using (var db = _database.CreateContext())
            {
                (await db.OutboxMessages.CountAsync(m => m.PublishedAt == null)).ShouldBe(3, "a row counts as published only once every subscription has it");
            }

            // As a kill -9 would: the relay and the consumers are cut off at once, nothing drains.
            await host.Host.StopAsync(new CancellationToken(canceled: true));
            await stuckSubscription.StopAsync(new CancellationToken(canceled: true));
        }

        stuck.Total.ShouldBe(0);

        // A new process over the same file: a fresh in-process transport with empty queues.
        var second = ServiceHost.CreateContext();
        var (recorder, _) = await DeliveryRecorder.SubscribeAsync(second.GetEventTransport(), EventTypes.UserRegistered, "tests.raw");
        await using var restarted = ServiceHost.Create(_database, second);
        await restarted.StartAsync();

        await Eventually.UntilAsync(() => users.All(u => recorder.Deliveries.ContainsKey(u.Id)), "every event to be delivered again");
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.OutboxMessages.AllAsync(m => m.PublishedAt != null);
        }, "every row is marked published");
        foreach (var user in users)
        {
            (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        }

        await restarted.StopAsync();
    }

    [Fact]
    public async Task Relay_OneSubscriptionStuck_OthersGetTheRowAndItIsRetriedUntilAcknowledged()
    {
        var context = ServiceHost.CreateContext();
        var hold = new TaskCompletionSource();
        var (stuck, _) = await DeliveryRecorder.SubscribeAsync(context.GetEventTransport(), EventTypes.UserRegistered, "tests.raw", hold.Task);
        await using var host = ServiceHost.Create(_database, context, o =>
        {
            o.PublishTimeout = TimeSpan.FromMilliseconds(100);
            o.ClaimTimeout = TimeSpan.FromSeconds(5);
        });
        await host.StartAsync();
        var user = await host.WriteAsync();

        // The stuck subscription holds the row back, within a bounded wait, while the other one has it already.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == user.Id);
            return row.Attempts >= 2 && row.PublishedAt is null;
        }, "the relay to retry the unacknowledged row");
        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the other subscription to apply it meanwhile");
        await using (var db = _database.CreateContext())
        {
            (await db.OutboxMessages.SingleAsync(m => m.Id == user.Id)).LastError.ShouldNotBeNull().ShouldContain("Not acknowledged");
        }

        hold.SetResult();
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return (await db.OutboxMessages.SingleAsync(m => m.Id == user.Id)).PublishedAt is not null;
        }, "the row to be marked once every subscription has it");
        stuck.Deliveries[user.Id].ShouldBeGreaterThanOrEqualTo(1);
        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        await host.StopAsync();
    }

    [Fact]
    public async Task RunOnceAsync_AcknowledgementsOutstanding_PublishesAtMostFourBatchesAhead()
    {
        var transport = new HeldAcknowledgementTransport();
        var context = ServiceHost.CreateContext();
        context.Share<IEventTransport>(transport);
        // Not started: the test runs the relay's rounds itself, so it knows when a round is over.
        await using var host = ServiceHost.Create(_database, context, o => o.BatchSize = 2, subscribeAccounts: false);
        for (var i = 0; i < 20; i++)
        {
            await host.WriteAsync();
        }

        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();
        for (var round = 0; round < 20 && await relay.RunOnceAsync(CancellationToken.None); round++)
        {
        }

        transport.Published.Count.ShouldBe(8);
        (await CountPublishedAsync()).ShouldBe(0);

        foreach (var (_, acknowledgement) in transport.Published)
        {
            acknowledgement.SetResult();
        }

        await relay.RunOnceAsync(CancellationToken.None);

        (await CountPublishedAsync()).ShouldBe(8);
        transport.Published.Count.ShouldBe(10);
    }

    [Fact]
    public async Task RunOnceAsync_AcknowledgementsOutstandingWithoutABroker_NotBoundByTheRelay()
    {
        var transport = new HeldAcknowledgementTransport();
        var context = ServiceHost.CreateContext();
        // The in-process transport bounds the relay with its queues; the relay adds no bound of its own.
        context.Share<IEventTransport>(new TrackingWithoutBroker(transport));
        await using var host = ServiceHost.Create(_database, context, o => o.BatchSize = 2, subscribeAccounts: false);
        for (var i = 0; i < 20; i++)
        {
            await host.WriteAsync();
        }

        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();
        for (var round = 0; round < 20 && await relay.RunOnceAsync(CancellationToken.None); round++)
        {
        }

        transport.Published.Count.ShouldBe(20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunOnceAsync_TransportRefusesATakenMessage_RowFailsAtOnceWithTheReason(bool refuseAtOnce)
    {
        var transport = new HeldAcknowledgementTransport(refuseAtOnce);
        var context = ServiceHost.CreateContext();
        context.Share<IEventTransport>(transport);
        // A publish timeout far beyond the test: only the refusal itself can fail the row. A backoff as long, so that
        // the round that records the failure does not claim the row again.
        await using var host = ServiceHost.Create(_database, context, o =>
        {
            o.PublishTimeout = TimeSpan.FromMinutes(5);
            o.ClaimTimeout = TimeSpan.FromMinutes(10);
            o.RetryBaseDelay = TimeSpan.FromMinutes(5);
            o.RetryMaxDelay = TimeSpan.FromMinutes(5);
        }, subscribeAccounts: false);
        var user = await host.WriteAsync();
        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<TestDb>>().Single();

        await relay.RunOnceAsync(CancellationToken.None);
        if (!refuseAtOnce)
        {
            transport.Published.Single().Acknowledgement.SetException(new InvalidOperationException("refused by the broker"));
            await relay.RunOnceAsync(CancellationToken.None);
        }

        await using var db = _database.CreateContext();
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == user.Id);
        row.PublishedAt.ShouldBeNull();
        row.Attempts.ShouldBe(1);
        row.ClaimToken.ShouldBeNull();
        row.LastError.ShouldNotBeNull().ShouldContain("refused by the broker");
    }

    /// <summary>
    /// Returns once nothing sent for <paramref name="rows"/> can still arrive: each row is marked published, so no round
    /// claims it again, and a later event has come through the same queues, behind any copy already on its way.
    /// </summary>
    private async Task AfterEverythingSentAsync(ServiceHost host, DeliveryRecorder recorder, params UserRegistered[] rows)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                foreach (var row in rows)
                {
                    if (!await IsPublishedAsync(row))
                    {
                        return false;
                    }
                }

                return true;
            },
            "the rows are marked published");
        var later = await host.WriteAsync();
        await Eventually.UntilAsync(
            async () => recorder.Deliveries.ContainsKey(later.Id) && await CountAccountsAsync(later.UserId) == 1, "a later event is delivered and applied");

        // The relay marks a row after the broker has it, so a delivery can be seen before its row is marked.
        await Eventually.UntilAsync(() => IsPublishedAsync(later), "the later row is marked published");
    }

    private async Task<bool> IsPublishedAsync(UserRegistered user)
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.AnyAsync(m => m.Id == user.Id && m.PublishedAt != null);
    }

    private async Task<int> CountPublishedAsync()
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.CountAsync(m => m.PublishedAt != null);
    }

    private async Task<int> CountAccountsAsync(Guid userId)
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync(a => a.UserId == userId);
    }

    private async Task<int> CountAllAccountsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync();
    }
}

using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

public sealed class RabbitMqConsumerTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Consume_ProcessGoneBeforeItsInboxCommitted_AnotherConsumerGetsTheMessageAndAppliesItOnce()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        // The first process reaches the broker through a relay, so that cutting it looks to the broker like a kill.
        await using var relay = new TcpRelay(broker.Port);
        await using var first = await BrokerProcess.StartAsync(new UriBuilder(vhost.Uri) { Port = relay.Port }.Uri.ToString());
        await using var firstHost = ServiceHost.Create(_database, first.Context);
        var stuck = new TaskCompletionSource();
        firstHost.Probe.Hold = stuck.Task;
        await firstHost.StartAsync();
        var user = await firstHost.WriteAsync();
        await firstHost.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The kill: the broker loses the connection, and the transaction in flight never commits (it holds the
        // database's write lock until it is gone, as a dead process's would be).
        relay.Cut();
        stuck.SetCanceled();
        await using var second = await BrokerProcess.StartAsync(vhost.Uri);
        await using var secondHost = ServiceHost.Create(_database, second.Context);
        await secondHost.StartAsync();

        // The probe hears of the commit just after it, so both are waited for.
        await Eventually.UntilAsync(
            async () => await CountAccountsAsync(user.UserId) == 1 && secondHost.Probe.Commits == 1,
            "the second process gets the unacknowledged message and commits it once");
        await firstHost.StopAsync();
        firstHost.Probe.Commits.ShouldBe(0);
        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        await using var db = _database.CreateContext();
        (await db.InboxMessages.CountAsync()).ShouldBe(1);
        await secondHost.StopAsync();
    }

    [Fact]
    public async Task Consume_BacklogWaitingInTheQueue_AppliedInBatches()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        // The queue exists (a consumer ran before) and fills while no consumer runs.
        await (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, ServiceHost.AccountsSubscription, (_, _) => ValueTask.CompletedTask, CancellationToken.None))
            .DisposeAsync();
        var users = Enumerable.Range(0, 20).Select(_ => ServiceHost.NewUser()).ToList();
        foreach (var user in users)
        {
            await process.Transport.PublishAsync(
                EventTypes.UserRegistered, new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null), CancellationToken.None);
        }

        await using var host = ServiceHost.Create(_database, process.Context);
        await host.StartAsync();

        await Eventually.UntilAsync(async () => await CountAllAccountsAsync() == users.Count, "the backlog is applied");
        host.Probe.Calls.ShouldBe(users.Count);
        host.Probe.Commits.ShouldBeLessThan(users.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task Consume_QueueDeletedByAnOperator_DeclaredAgainAndConsumptionGoesOn()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var process = await BrokerProcess.StartAsync(vhost.Uri);
        await using var host = ServiceHost.Create(_database, process.Context);
        await host.StartAsync();
        var first = await host.WriteAsync();
        await Eventually.UntilAsync(async () => await CountAccountsAsync(first.UserId) == 1, "the first event is applied");

        broker.Ctl("delete_queue", "-p", vhost.Name, ServiceHost.AccountsSubscription);

        var second = await host.WriteAsync();
        await Eventually.UntilAsync(async () => await CountAccountsAsync(second.UserId) == 1, "the queue is declared again and the next event applied");
        await host.StopAsync();
    }

    [Fact]
    public async Task Consume_HandlerAlwaysFailsForOneMessage_DeadLetteredAfterMaxDeliveriesAndTheOthersFlow()
    {
        var broker = await RabbitMqServer.Shared;
        var logs = new CapturingLoggerProvider();
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        using var metrics = new MetricRecorder(process.Context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, process.Context, logs: logs);
        var poison = ServiceHost.NewUser();
        host.Probe.FailUserId = poison.UserId;
        await host.StartAsync();

        var before = new[] { await host.WriteAsync(), await host.WriteAsync() };
        await WriteAsync(host, poison);
        var after = new[] { await host.WriteAsync(), await host.WriteAsync() };

        await Eventually.UntilAsync(() => metrics.Sum("atrium.eventing.dead_lettered", "subscription=" + ServiceHost.AccountsSubscription) == 1, "the poison message is dead-lettered");
        foreach (var user in before.Concat(after))
        {
            await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the other messages are applied");
        }

        (await CountAccountsAsync(poison.UserId)).ShouldBe(0);
        var letters = await new RabbitMqDeadLetters(process.Options).ListAsync(ServiceHost.AccountsSubscription, 10, CancellationToken.None);
        var letter = letters.ShouldNotBeNull().ShouldHaveSingleItem();
        letter.MessageId.ShouldBe(poison.Id.ToString());
        letter.Type.ShouldBe(EventTypes.UserRegistered);
        letter.Subscription.ShouldBe(ServiceHost.AccountsSubscription);
        letter.Attempts.ShouldBe(process.Options.MaxDeliveries);
        letter.Error.ShouldNotBeNull().ShouldContain("handler failure");
        var logged = process.Logs.Entries.Where(e => e.Level == LogLevel.Error && e.Message.Contains(poison.Id.ToString(), StringComparison.Ordinal)).ToList();
        logged.ShouldHaveSingleItem().Message.ShouldContain("tests.accounts.dead-letter");
        metrics.Sum("atrium.eventing.handler_failures", "subscription=" + ServiceHost.AccountsSubscription).ShouldBeGreaterThanOrEqualTo(process.Options.MaxDeliveries);
        await host.StopAsync();
    }

    [Fact]
    public async Task Consume_DatabaseDownForMoreTriesThanMaxDeliveries_WaitedOutNotDeadLettered()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        using var metrics = new MetricRecorder(process.Context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, process.Context);
        // Three times the tries that dead-letter a failing message, as a database restart would take.
        host.Probe.UnreachableFirst = 3 * process.Options.MaxDeliveries;
        await host.StartAsync();

        var user = await host.WriteAsync();

        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the event is applied once the database answers");
        host.Probe.Calls.ShouldBe(host.Probe.UnreachableFirst + 1);
        metrics.Sum("atrium.eventing.dead_lettered", "subscription=" + ServiceHost.AccountsSubscription).ShouldBe(0);
        await host.StopAsync();
    }

    [Fact]
    public async Task Consume_MessageWithoutAnEventId_DeadLetteredUnhandled()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var process = await BrokerProcess.StartAsync(vhost.Uri);
        var (recorder, subscription) = await DeliveryRecorder.SubscribeAsync(process.Transport, EventTypes.UserRegistered, "tests.raw");
        await using var connection = await new ConnectionFactory { Uri = new Uri(vhost.Uri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        await channel.BasicPublishAsync("atrium.events", EventTypes.UserRegistered, mandatory: false, new BasicProperties { MessageId = "not-a-guid" }, "{}"u8.ToArray());
        var user = ServiceHost.NewUser();
        await process.Transport.PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null), CancellationToken.None);

        await Eventually.UntilAsync(() => recorder.Total == 1, "the event behind it is handled");
        var letters = new RabbitMqDeadLetters(process.Options);
        await Eventually.UntilAsync(async () => (await letters.ListAsync("tests.raw", 10, CancellationToken.None))!.Count == 1, "the malformed one is dead-lettered");
        var letter = (await letters.ListAsync("tests.raw", 10, CancellationToken.None))!.Single();
        letter.MessageId.ShouldBe("not-a-guid");
        letter.Attempts.ShouldBe(0);
        letter.Error.ShouldNotBeNull().ShouldContain("not an event id");
        recorder.Deliveries.Keys.ShouldBe([user.Id]);
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task Consume_ConsumerDiesMidHandlerEachTime_DeadLetteredAfterMaxDeliveriesWithoutAnotherTry()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri, o => o.MaxDeliveries = 2);
        var calls = 0;
        EventEnvelopeHandler hang = async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };

        await PublishOneAsync(process, "tests.poison");
        // Each consumer is stopped hard while the handler runs, as a crashing process would leave the message.
        for (var consumer = 1; consumer <= 2; consumer++)
        {
            await using var subscription = await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.poison", hang, CancellationToken.None);
            var expected = consumer;
            await Eventually.UntilAsync(() => Volatile.Read(ref calls) == expected, $"consumer {consumer} is handling the message");
        }

        await using var last = await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.poison", hang, CancellationToken.None);

        var letter = await SingleDeadLetterAsync(process, "tests.poison");
        letter.Attempts.ShouldBe(2);
        letter.Error.ShouldNotBeNull().ShouldContain("delivered 2 times before");
        Volatile.Read(ref calls).ShouldBe(2);
    }

    [Fact]
    public async Task Consume_FailedOnceThenRedeliveredAfterAReconnect_TheEarlierTryCounts()
    {
        var broker = await RabbitMqServer.Shared;
        // A failed try waits a minute before the next: long enough that only the broker's count reaches the limit.
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri, o =>
        {
            o.MaxDeliveries = 2;
            o.RetryBaseDelay = TimeSpan.FromMinutes(1);
            o.RetryMaxDelay = TimeSpan.FromMinutes(5);
        });
        var calls = 0;
        EventEnvelopeHandler fail = (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("poison");
        };
        await PublishOneAsync(process, "tests.failing");
        await using (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.failing", fail, CancellationToken.None))
        {
            await Eventually.UntilAsync(() => Volatile.Read(ref calls) == 1, "the first try fails");
        }

        await using var again = await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.failing", fail, CancellationToken.None);

        var letter = await SingleDeadLetterAsync(process, "tests.failing");
        letter.Attempts.ShouldBe(2);
        letter.Error.ShouldNotBeNull().ShouldContain("poison");
        Volatile.Read(ref calls).ShouldBe(2);
    }

    private static async Task PublishOneAsync(BrokerProcess process, string subscription)
    {
        // The queue exists before the message is published: a consumer ran once.
        await (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, subscription, (_, _) => ValueTask.CompletedTask, CancellationToken.None))
            .DisposeAsync();
        var user = ServiceHost.NewUser();
        await process.Transport.PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null), CancellationToken.None);
    }

    private static async Task<DeadLetter> SingleDeadLetterAsync(BrokerProcess process, string subscription)
    {
        var deadLetters = new RabbitMqDeadLetters(process.Options);
        await Eventually.UntilAsync(async () => (await deadLetters.ListAsync(subscription, 10, CancellationToken.None))!.Count == 1, "the message is dead-lettered");
        return (await deadLetters.ListAsync(subscription, 10, CancellationToken.None))!.Single();
    }

    private static async Task WriteAsync(ServiceHost host, UserRegistered user)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Outbox().Add(user);
        await db.SaveChangesAsync();
    }

    private async Task<int> CountAllAccountsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync();
    }

    private async Task<int> CountAccountsAsync(Guid userId)
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync(a => a.UserId == userId);
    }
}

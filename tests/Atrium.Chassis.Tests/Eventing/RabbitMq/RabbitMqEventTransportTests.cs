using System.Diagnostics;
using System.Text;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;

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

        await Eventually.UntilAsync(async () => await CountAccountsAsync() == users.Count, "every event is applied");
        await using var db = _database.CreateContext();
        (await db.Accounts.Select(a => a.UserId).ToListAsync()).ShouldBe(users.Select(u => u.UserId), ignoreOrder: true);
        (await db.InboxMessages.CountAsync()).ShouldBe(users.Count);
        await Eventually.UntilAsync(async () => await CountPendingAsync() == 0, "every row is marked published");
        await host.StopAsync();
    }

    [Fact]
    public async Task SubscribeAsync_NewSubscription_DeclaresDurableQuorumQueuesBoundToTheTopic()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var process = await BrokerProcess.StartAsync(vhost.Uri);

        // Declaring again (a second consumer, a reconnect) finds the same queues and changes nothing.
        await using (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.declared", (_, _) => ValueTask.CompletedTask, CancellationToken.None))
        {
        }

        await using var again = await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.declared", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        broker.Ctl("list_exchanges", "-p", vhost.Name, "name", "type", "durable").ShouldContain("atrium.events\ttopic\ttrue");
        var queues = broker.Ctl("list_queues", "-p", vhost.Name, "name", "type", "durable");
        queues.ShouldContain("tests.declared\tquorum\ttrue");
        queues.ShouldContain("tests.declared.dead-letter\tquorum\ttrue");
        broker.Ctl("list_bindings", "-p", vhost.Name, "source_name", "destination_name", "routing_key")
            .ShouldContain($"atrium.events\ttests.declared\t{EventTypes.UserRegistered}");
        process.Transport.IsConnected.ShouldBeTrue();
    }

    [Fact]
    public async Task SubscribeAsync_QuorumQueues_DeclaredWithADeliveryLimitTheBrokerNeverReaches()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var process = await BrokerProcess.StartAsync(vhost.Uri);

        await using var subscription = await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.limited", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        var queues = broker.Ctl("list_queues", "-p", vhost.Name, "name", "arguments").Split('\n');
        var limit = $"{{\"x-delivery-limit\",{RabbitMqTopology.QuorumDeliveryLimit}}}";
        queues.ShouldContain(q => q.StartsWith("tests.limited\t", StringComparison.Ordinal) && q.Contains(limit, StringComparison.Ordinal));
        queues.ShouldContain(q => q.StartsWith("tests.limited.dead-letter\t", StringComparison.Ordinal) && q.Contains(limit, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_Message_IsPersistentWithTheEventIdTypeTimeAndTraceContext()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var process = await BrokerProcess.StartAsync(vhost.Uri);
        // The queue outlives its consumer: what is published next waits there to be read as it was sent.
        await (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.inspected", (_, _) => ValueTask.CompletedTask, CancellationToken.None))
            .DisposeAsync();
        var user = ServiceHost.NewUser();
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var envelope = new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), traceparent) { Tracestate = "vendor=abc" };

        await process.Transport.PublishAsync(EventTypes.UserRegistered, envelope, CancellationToken.None);

        await using var connection = await new ConnectionFactory { Uri = new Uri(vhost.Uri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var got = await channel.BasicGetAsync("tests.inspected", autoAck: true);
        got.ShouldNotBeNull();
        got.BasicProperties.DeliveryMode.ShouldBe(DeliveryModes.Persistent);
        got.BasicProperties.MessageId.ShouldBe(user.Id.ToString());
        got.BasicProperties.Type.ShouldBe(EventTypes.UserRegistered);
        got.RoutingKey.ShouldBe(EventTypes.UserRegistered);
        got.Body.ToArray().ShouldBe(EventTypes.Serialize(user).ToArray());
        var headers = got.BasicProperties.Headers!;
        Encoding.UTF8.GetString((byte[])headers["traceparent"]!).ShouldBe(traceparent);
        Encoding.UTF8.GetString((byte[])headers["tracestate"]!).ShouldBe("vendor=abc");
        DateTimeOffset.Parse(Encoding.UTF8.GetString((byte[])headers["occurred-at"]!), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(user.OccurredAt);
    }

    [Fact]
    public async Task SubscribeAsync_PublishedEnvelope_ArrivesAsSent()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        var received = new TaskCompletionSource<EventEnvelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await process.Transport.SubscribeAsync(
            EventTypes.UserRegistered, "tests.round-trip", (envelope, _) => { received.TrySetResult(envelope); return ValueTask.CompletedTask; }, CancellationToken.None);
        var user = ServiceHost.NewUser();
        var sent = new EventEnvelope(
            user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        {
            Tracestate = "vendor=abc",
        };

        await process.Transport.PublishAsync(EventTypes.UserRegistered, sent, CancellationToken.None);

        var envelope = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        envelope.MessageId.ShouldBe(sent.MessageId);
        envelope.Type.ShouldBe(sent.Type);
        envelope.OccurredAt.ShouldBe(sent.OccurredAt);
        envelope.Payload.ToArray().ShouldBe(sent.Payload.ToArray());
        envelope.Traceparent.ShouldBe(sent.Traceparent);
        envelope.Tracestate.ShouldBe("vendor=abc");
    }

    [Fact]
    public async Task PublishAsync_NoSubscriptionQueueYet_ThrowsNoRouteAndTheRowWaitsForOne()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        var user = ServiceHost.NewUser();
        var envelope = new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null);

        var refused = await Should.ThrowAsync<EventPublishException>(async () => await process.Transport.PublishAsync(EventTypes.UserRegistered, envelope, CancellationToken.None));

        refused.Code.ShouldBe(EventPublishException.NoRoute);

        // Through the relay: the row stays pending until a subscriber's queue exists, then it goes.
        await using var host = ServiceHost.Create(_database, process.Context, subscribeAccounts: false);
        await host.StartAsync();
        await host.WriteAsync();
        await Eventually.UntilAsync(async () => (await LastErrorAsync())?.Contains(EventPublishException.NoRoute, StringComparison.Ordinal) == true, "the publish is refused");
        var (recorder, subscription) = await DeliveryRecorder.SubscribeAsync(process.Transport, EventTypes.UserRegistered, "tests.late");
        await Eventually.UntilAsync(() => recorder.Total == 1, "the row is published once a queue is bound");
        await Eventually.UntilAsync(async () => await CountPendingAsync() == 0, "the row is marked published");
        await subscription.DisposeAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task PublishAsync_SubscriberProcessNotStartedYet_ItGetsTheEventOnceItStarts()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        EventSubscription[] system = [new(EventTypes.UserRegistered, "tests.running"), new(EventTypes.UserRegistered, "tests.not-started")];
        await using var writer = await BrokerProcess.StartAsync(vhost.Uri, system: system);
        var (running, runningSubscription) = await DeliveryRecorder.SubscribeAsync(writer.Transport, EventTypes.UserRegistered, "tests.running");
        var user = ServiceHost.NewUser();

        // Routed to the running subscriber's queue, the publish is confirmed whether or not the other's queue exists.
        await writer.Transport.PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null), CancellationToken.None);
        await using var late = await BrokerProcess.StartAsync(vhost.Uri, system: system);
        var (notStarted, notStartedSubscription) = await DeliveryRecorder.SubscribeAsync(late.Transport, EventTypes.UserRegistered, "tests.not-started");

        await Eventually.UntilAsync(() => notStarted.Deliveries.ContainsKey(user.Id), "the late subscriber gets the event published before it started");
        await Eventually.UntilAsync(() => running.Total == 1, "the running subscriber gets it too");
        await notStartedSubscription.DisposeAsync();
        await runningSubscription.DisposeAsync();
    }

    [Fact]
    public async Task SubscribeAsync_NameNotInTheSystemsSubscriptions_ThrowsNamingIt()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri, system: [new(EventTypes.UserRegistered, "tests.listed")]);

        var refused = await Should.ThrowAsync<InvalidOperationException>(async () =>
            await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.unlisted", (_, _) => ValueTask.CompletedTask, CancellationToken.None));

        refused.Message.ShouldContain("tests.unlisted");
    }

    [Fact]
    public async Task PublishAsync_BrokerNacks_RowStaysPendingAndIsPublishedOnceTheBrokerTakesIt()
    {
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        // A full queue that rejects publishes (and no consumer to take them first): the broker answers with a nack. A
        // classic queue's length limit is exact; a quorum queue's is soft and lets one more in.
        await using var process = await BrokerProcess.StartAsync(vhost.Uri, o => o.QueueType = RabbitMqQueueType.Classic);
        await (await process.Transport.SubscribeAsync(EventTypes.UserRegistered, "tests.full", (_, _) => ValueTask.CompletedTask, CancellationToken.None))
            .DisposeAsync();
        broker.Ctl("set_policy", "-p", vhost.Name, "--apply-to", "queues", "full", "^tests\\.full$", """{"max-length":1,"overflow":"reject-publish"}""");
        var filler = ServiceHost.NewUser();
        await process.Transport.PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(filler.Id, EventTypes.UserRegistered, filler.OccurredAt, EventTypes.Serialize(filler), null), CancellationToken.None);
        await using var host = ServiceHost.Create(_database, process.Context, subscribeAccounts: false);
        await host.StartAsync();

        await host.WriteAsync();
        await Eventually.UntilAsync(async () => (await LastErrorAsync())?.Contains(EventPublishException.Nacked, StringComparison.Ordinal) == true, "the broker nacks it");
        (await CountPendingAsync()).ShouldBe(1);
        broker.Ctl("clear_policy", "-p", vhost.Name, "full");
        await Eventually.UntilAsync(async () => await CountPendingAsync() == 0, "the row is published again and marked once confirmed");
        broker.Ctl("list_queues", "-p", vhost.Name, "name", "messages").ShouldContain("tests.full\t2");
        await host.StopAsync();
    }

    [Fact]
    public async Task Handle_EventWrittenInsideTrace_HandlerInAnotherProcessRunsInTheSameTrace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Atrium.Eventing" or "Atrium.Tests.Eventing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Atrium.Tests.Eventing");
        var broker = await RabbitMqServer.Shared;
        var vhost = broker.NewVirtualHost();
        await using var writer = await BrokerProcess.StartAsync(vhost.Uri);
        await using var consumer = await BrokerProcess.StartAsync(vhost.Uri);
        await using var writerHost = ServiceHost.Create(_database, writer.Context, subscribeAccounts: false);
        await using var consumerHost = ServiceHost.Create(_database, consumer.Context);
        await consumerHost.StartAsync();
        await writerHost.StartAsync();

        ActivityTraceId traceId;
        using (var request = source.StartActivity("POST /users"))
        {
            traceId = request!.TraceId;
            await writerHost.WriteAsync();
        }

        await Eventually.UntilAsync(async () => await CountAccountsAsync() == 1, "the handler ran");
        consumerHost.Probe.TraceIds.ShouldContain(traceId);
        await writerHost.StopAsync();
        await consumerHost.StopAsync();
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

    private async Task<string?> LastErrorAsync()
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.Select(m => m.LastError).SingleOrDefaultAsync();
    }
}

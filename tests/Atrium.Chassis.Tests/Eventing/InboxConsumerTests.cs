using System.Diagnostics;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Tests.Eventing;

/// <summary>
/// The inbox in front of a handler, on SQLite (<see cref="InboxConsumerOnSqliteTests"/>) and on PostgreSQL
/// (<see cref="InboxConsumerOnPostgreSqlTests"/>), where the batch's inbox rows are claimed by one statement.
/// </summary>
public abstract class InboxConsumerTests : IAsyncLifetime
{
    private IServiceDatabase _database = null!;

    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    public Task DisposeAsync()
    {
        (_database as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private protected abstract Task<IServiceDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Handle_HandlerThrowsTwice_RetriedAndTakesEffectOnce()
    {
        var context = ServiceHost.CreateContext();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context);
        host.Probe.FailFirst = 2;
        await host.StartAsync();

        var user = await host.WriteAsync();

        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the third attempt succeeds");
        // A fourth call would come before a later event's, which goes through the same queue.
        var later = await host.WriteAsync();
        await Eventually.UntilAsync(
            async () => await CountAccountsAsync(later.UserId) == 1 && metrics.Sum("atrium.eventing.handled", "subscription=" + ServiceHost.AccountsSubscription) >= 2,
            "a later event is applied");
        host.Probe.Calls.ShouldBe(4);
        host.Probe.Commits.ShouldBe(2);
        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        metrics.Sum("atrium.eventing.handler_failures", "subscription=" + ServiceHost.AccountsSubscription).ShouldBe(2);
        metrics.Sum("atrium.eventing.handled", "subscription=" + ServiceHost.AccountsSubscription).ShouldBe(2);
        await using var db = _database.CreateContext();
        var inbox = await db.InboxMessages.SingleAsync(m => m.MessageId == user.Id);
        inbox.MessageId.ShouldBe(user.Id);
        inbox.Handler.ShouldBe(ServiceHost.AccountsSubscription);
        await host.StopAsync();
    }

    [Fact]
    public async Task Deliver_SameMessageTwice_OneEffect()
    {
        var context = ServiceHost.CreateContext();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context);
        await host.StartAsync();
        var user = ServiceHost.NewUser();
        var envelope = new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null);

        // A broker redelivers after a lost ack: the same message id arrives twice.
        var transport = context.GetEventTransport();
        await transport.PublishAsync(EventTypes.UserRegistered, envelope, CancellationToken.None);
        await transport.PublishAsync(EventTypes.UserRegistered, envelope, CancellationToken.None);

        await Eventually.UntilAsync(() => metrics.Sum("atrium.eventing.handled") == 2, "both deliveries are handled");
        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        host.Probe.Calls.ShouldBe(1);
        host.Probe.Commits.ShouldBe(1);
        metrics.Sum("atrium.inbox.duplicates").ShouldBe(1);
        await host.StopAsync();
    }

    [Fact]
    public async Task Deliver_ConcurrentRedeliveries_OneEffect()
    {
        var context = ServiceHost.CreateContext();
        await using var host = ServiceHost.Create(_database, context);
        var registration = host.Services.GetRequiredService<SubscriptionRegistry<TestDb>>().Items.Single();
        var (handler, _) = registration.CreateHandlers(host.Services);
        var user = ServiceHost.NewUser();
        var envelope = new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await handler(envelope, CancellationToken.None))));

        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        await using var db = _database.CreateContext();
        (await db.InboxMessages.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task HandleBatch_NewSeenAndRepeatedMessages_EachTakesEffectOnceInOneCommit()
    {
        var context = ServiceHost.CreateContext();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context);
        var (one, batch) = host.Services.GetRequiredService<SubscriptionRegistry<TestDb>>().Items.Single().CreateHandlers(host.Services);
        var users = Enumerable.Range(0, 3).Select(_ => ServiceHost.NewUser()).ToList();
        var envelopes = users.Select(u => new EventEnvelope(u.Id, EventTypes.UserRegistered, u.OccurredAt, EventTypes.Serialize(u), null)).ToList();
        await one(envelopes[0], CancellationToken.None);

        // The first was handled before, and the second arrives twice within the batch.
        await batch([envelopes[0], envelopes[1], envelopes[1], envelopes[2]], CancellationToken.None);

        foreach (var user in users)
        {
            (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        }

        await using var db = _database.CreateContext();
        (await db.InboxMessages.CountAsync()).ShouldBe(3);
        host.Probe.Calls.ShouldBe(3);
        host.Probe.Commits.ShouldBe(2);
        metrics.Sum("atrium.inbox.duplicates").ShouldBe(2);
        // One delivery time per message applied, none for a skipped copy.
        metrics.Doubles.Where(m => m.Instrument == "atrium.eventing.delivery_lag").ShouldAllBe(m => m.Value >= 0);
        metrics.Doubles.Count(m => m.Instrument == "atrium.eventing.delivery_lag").ShouldBe(3);
    }

    [Fact]
    public async Task HandleBatch_HandlerHoldsItsWritesBack_FlushedOnceAfterTheLastMessageAndCommittedWithTheInboxRows()
    {
        var context = ServiceHost.CreateContext();
        await using var host = ServiceHost.Create(_database, context);
        var (one, batch) = host.Services.GetRequiredService<SubscriptionRegistry<TestDb>>().Items.Single().CreateHandlers(host.Services);
        var users = Enumerable.Range(0, 3).Select(_ => ServiceHost.NewUser()).ToList();
        var envelopes = users.Select(u => new EventEnvelope(u.Id, EventTypes.UserRegistered, u.OccurredAt, EventTypes.Serialize(u), null)).ToList();
        host.Probe.HoldBack = true;
        await one(envelopes[0], CancellationToken.None);

        // The first was handled before: the flush finds the two others' writes, and a batch of only seen ones none.
        await batch(envelopes, CancellationToken.None);
        await batch([envelopes[0]], CancellationToken.None);

        foreach (var user in users)
        {
            (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        }

        host.Probe.FlushedWrites.ShouldBe([1, 2]);
        host.Probe.Commits.ShouldBe(2);
        await using var db = _database.CreateContext();
        (await db.InboxMessages.CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task HandleBatch_HandlerThrows_NothingOfTheBatchTakesEffect()
    {
        var context = ServiceHost.CreateContext();
        await using var host = ServiceHost.Create(_database, context);
        var (_, batch) = host.Services.GetRequiredService<SubscriptionRegistry<TestDb>>().Items.Single().CreateHandlers(host.Services);
        var users = Enumerable.Range(0, 2).Select(_ => ServiceHost.NewUser()).ToList();
        var envelopes = users.Select(u => new EventEnvelope(u.Id, EventTypes.UserRegistered, u.OccurredAt, EventTypes.Serialize(u), null)).ToList();
        // The first message is applied and saved, then the second fails: the commit never happens.
        host.Probe.FailOnCall = 2;

        await Should.ThrowAsync<InvalidOperationException>(async () => await batch(envelopes, CancellationToken.None));

        host.Probe.Calls.ShouldBe(2);
        await using var db = _database.CreateContext();
        (await db.InboxMessages.CountAsync()).ShouldBe(0);
        (await db.Accounts.CountAsync()).ShouldBe(0);
        host.Probe.Commits.ShouldBe(0);
    }

    [Fact]
    public async Task Handle_CommitObserverThrows_HandledOnceAndLoggedAtError()
    {
        var logs = new CapturingLoggerProvider();
        var context = ServiceHost.CreateContext();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        await using var host = ServiceHost.Create(_database, context, logs: logs);
        var (one, _) = host.Services.GetRequiredService<SubscriptionRegistry<TestDb>>().Items.Single().CreateHandlers(host.Services);
        host.Probe.ThrowOnCommit = true;
        var user = ServiceHost.NewUser();
        var envelope = new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null);

        await one(envelope, CancellationToken.None);
        await one(envelope, CancellationToken.None);

        (await CountAccountsAsync(user.UserId)).ShouldBe(1);
        host.Probe.Commits.ShouldBe(1);
        metrics.Sum("atrium.inbox.duplicates").ShouldBe(1);
        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("commit observer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_EventWrittenInsideTrace_HandlerRunsInSameTrace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Atrium.Eventing" or "Atrium.Tests.Eventing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Atrium.Tests.Eventing");
        var context = ServiceHost.CreateContext();
        await using var host = ServiceHost.Create(_database, context);
        await host.StartAsync();

        ActivityTraceId traceId;
        UserRegistered user;
        using (var request = source.StartActivity("POST /users"))
        {
            traceId = request!.TraceId;
            user = await host.WriteAsync();
        }

        await Eventually.UntilAsync(async () => await CountAccountsAsync(user.UserId) == 1, "the handler ran");
        host.Probe.TraceIds.ShouldContain(traceId);
        await using var db = _database.CreateContext();
        (await db.OutboxMessages.SingleAsync()).Traceparent.ShouldStartWith($"00-{traceId}-");
        await host.StopAsync();
    }

    private async Task<int> CountAccountsAsync(Guid userId)
    {
        await using var db = _database.CreateContext();
        return await db.Accounts.CountAsync(a => a.UserId == userId);
    }
}

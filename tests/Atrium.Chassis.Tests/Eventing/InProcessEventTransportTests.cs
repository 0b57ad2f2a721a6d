using System.Collections.Concurrent;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Testing;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class InProcessEventTransportTests
{
    private const string Topic = "tests.topic.v1";

    [Fact]
    public async Task Subscribe_HandlerAlwaysFails_ParkedCountedAndLoggedAtError()
    {
        var logs = new CapturingLoggerProvider();
        var context = ServiceHost.CreateContext(logs);
        var transport = (InProcessEventTransport)context.UseInProcessEventTransport(new InProcessTransportOptions
        {
            MaxDeliveryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        var calls = 0;
        var subscription = await transport.SubscribeAsync(Topic, "tests.failing", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("boom");
        }, CancellationToken.None);
        var envelope = NewEnvelope();

        await transport.PublishAsync(Topic, envelope, CancellationToken.None);

        await Eventually.UntilAsync(() => transport.Parked.Count == 1, "the message is parked");
        var parked = transport.Parked.Single();
        parked.Envelope.MessageId.ShouldBe(envelope.MessageId);
        parked.Attempts.ShouldBe(3);
        parked.LastError.ShouldBe("boom");
        calls.ShouldBe(3);
        metrics.Sum("atrium.eventing.parked").ShouldBe(1);
        metrics.Sum("atrium.eventing.handler_failures").ShouldBe(3);
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Message.Contains(envelope.MessageId.ToString(), StringComparison.Ordinal));
        await subscription.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_HandlerStuck_AbandonsCountsAndKeepsMessagesForNextConsumer()
    {
        var context = ServiceHost.CreateContext();
        var transport = context.GetEventTransport();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        var started = new TaskCompletionSource();
        var stuck = await transport.SubscribeAsync(Topic, "tests.queue", async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, CancellationToken.None);
        var envelopes = Enumerable.Range(0, 3).Select(_ => NewEnvelope()).ToList();
        foreach (var envelope in envelopes)
        {
            await transport.PublishAsync(Topic, envelope, CancellationToken.None);
        }

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (var drain = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await stuck.StopAsync(drain.Token).WaitAsync(TimeSpan.FromSeconds(10));
        }

        metrics.Sum("atrium.eventing.abandoned").ShouldBe(3);
        var received = new ConcurrentQueue<Guid>();
        var next = await transport.SubscribeAsync(Topic, "tests.queue", (envelope, _) =>
        {
            received.Enqueue(envelope.MessageId);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        await Eventually.UntilAsync(() => received.Count == 3, "the next consumer gets the queued messages");
        received.ShouldBe(envelopes.Select(e => e.MessageId));
        await next.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_MessagesQueued_DrainsThemFirst()
    {
        var context = ServiceHost.CreateContext();
        var transport = context.GetEventTransport();
        var handled = 0;
        var gate = new TaskCompletionSource();
        var subscription = await transport.SubscribeAsync(Topic, "tests.drain", async (_, _) =>
        {
            await gate.Task;
            Interlocked.Increment(ref handled);
        }, CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await transport.PublishAsync(Topic, NewEnvelope(), CancellationToken.None);
        }

        var stopping = subscription.StopAsync(CancellationToken.None);
        gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        handled.ShouldBe(5);
    }

    [Fact]
    public async Task Publish_BeforeSubscriptionExists_LateSubscriberReceivesIt()
    {
        var transport = ServiceHost.CreateContext().GetEventTransport();
        var envelope = NewEnvelope();
        await transport.PublishAsync(Topic, envelope, CancellationToken.None);

        var (recorder, subscription) = await DeliveryRecorder.SubscribeAsync(transport, Topic, "tests.late");

        await Eventually.UntilAsync(() => recorder.Deliveries.ContainsKey(envelope.MessageId), "the late subscription gets the retained message");
        recorder.Total.ShouldBe(1);
        await subscription.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publish_TwoSubscriptions_EachGetsEveryMessage()
    {
        var transport = ServiceHost.CreateContext().GetEventTransport();
        var (first, a) = await DeliveryRecorder.SubscribeAsync(transport, Topic, "tests.a");
        var (second, b) = await DeliveryRecorder.SubscribeAsync(transport, Topic, "tests.b");

        for (var i = 0; i < 10; i++)
        {
            await transport.PublishAsync(Topic, NewEnvelope(), CancellationToken.None);
        }

        await Eventually.UntilAsync(() => first.Total == 10 && second.Total == 10, "both subscriptions get all messages");
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Subscribe_SecondConsumerOfSameSubscription_Throws()
    {
        var transport = ServiceHost.CreateContext().GetEventTransport();
        var (_, first) = await DeliveryRecorder.SubscribeAsync(transport, Topic, "tests.one");

        await Should.ThrowAsync<InvalidOperationException>(async () => await DeliveryRecorder.SubscribeAsync(transport, Topic, "tests.one"));
        await first.StopAsync(CancellationToken.None);
    }

    private static EventEnvelope NewEnvelope() =>
        new(Guid.NewGuid(), Topic, TimeProvider.System.GetUtcNow(), "{}"u8.ToArray(), null);
}

using System.Collections.Concurrent;
using System.Net.Sockets;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Atrium.Chassis.Tests.Eventing;

/// <summary>Batch delivery of the in-process transport to subscriptions that take batches.</summary>
public sealed class InProcessConsumerTests
{
    private const string Topic = "tests.batches.v1";

    [Fact]
    public async Task Subscribe_BacklogWithBatchHandler_DeliveredInBatchesOfAtMostMaxInOrder()
    {
        var transport = Transport(new InProcessTransportOptions { MaxBatchSize = 4 });
        var envelopes = Enumerable.Range(0, 10).Select(_ => NewEnvelope()).ToList();
        // Published before the subscription exists, so all ten wait when its consumer starts.
        foreach (var envelope in envelopes)
        {
            await transport.PublishAsync(Topic, envelope, CancellationToken.None);
        }

        var batches = new ConcurrentQueue<Guid[]>();
        var singles = 0;
        var subscription = await transport.SubscribeAsync(
            Topic,
            "tests.batched",
            (envelope, _) =>
            {
                Interlocked.Increment(ref singles);
                batches.Enqueue([envelope.MessageId]);
                return ValueTask.CompletedTask;
            },
            (batch, _) =>
            {
                batches.Enqueue([.. batch.Select(e => e.MessageId)]);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        await Eventually.UntilAsync(() => batches.Sum(b => b.Length) == 10, "every message is delivered");
        batches.Select(b => b.Length).ShouldBe([4, 4, 2]);
        singles.ShouldBe(0);
        batches.SelectMany(b => b).ShouldBe(envelopes.Select(e => e.MessageId));
        await subscription.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Subscribe_BatchFails_OneAtATimeAndOnlyTheFailingMessageIsParked()
    {
        var context = ServiceHost.CreateContext();
        var transport = (InProcessEventTransport)context.UseInProcessEventTransport(new InProcessTransportOptions
        {
            MaxDeliveryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        var envelopes = Enumerable.Range(0, 5).Select(_ => NewEnvelope()).ToList();
        var poison = envelopes[2].MessageId;
        foreach (var envelope in envelopes)
        {
            await transport.PublishAsync(Topic, envelope, CancellationToken.None);
        }

        var handled = new ConcurrentQueue<Guid>();
        var batchAttempts = 0;
        var subscription = await transport.SubscribeAsync(
            Topic,
            "tests.poisoned",
            (envelope, _) =>
            {
                if (envelope.MessageId == poison)
                {
                    throw new InvalidOperationException("poison");
                }

                handled.Enqueue(envelope.MessageId);
                return ValueTask.CompletedTask;
            },
            (batch, _) =>
            {
                Interlocked.Increment(ref batchAttempts);
                return batch.Any(e => e.MessageId == poison)
                    ? throw new InvalidOperationException("a message of the batch failed")
                    : BatchOk(batch, handled);
            },
            CancellationToken.None);

        await Eventually.UntilAsync(() => transport.Parked.Count == 1 && handled.Count == 4, "the others are handled and the poison parked");
        transport.Parked.Single().Envelope.MessageId.ShouldBe(poison);
        handled.ShouldBe(envelopes.Where(e => e.MessageId != poison).Select(e => e.MessageId));
        metrics.Sum("atrium.eventing.handled").ShouldBe(4);
        // The failed batch's five go one at a time; the poison does not sink a batch of the messages behind it again.
        batchAttempts.ShouldBe(1);
        await subscription.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_BatchStuck_KeepsTheWholeBatchForTheNextConsumer()
    {
        var context = ServiceHost.CreateContext();
        var transport = context.UseInProcessEventTransport(new InProcessTransportOptions());
        var envelopes = Enumerable.Range(0, 3).Select(_ => NewEnvelope()).ToList();
        using var metrics = new MetricRecorder(context.GetOrShare(() => new EventingMetrics()).Meter);
        foreach (var envelope in envelopes)
        {
            await transport.PublishAsync(Topic, envelope, CancellationToken.None);
        }

        var started = new TaskCompletionSource();
        var stuck = await transport.SubscribeAsync(
            Topic,
            "tests.stuck",
            (_, _) => ValueTask.CompletedTask,
            async (_, token) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
            CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (var drain = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await stuck.StopAsync(drain.Token).WaitAsync(TimeSpan.FromSeconds(10));
        }

        metrics.Sum("atrium.eventing.abandoned").ShouldBe(3);
        var later = NewEnvelope();
        await transport.PublishAsync(Topic, later, CancellationToken.None);
        var received = new ConcurrentQueue<Guid>();
        var next = await transport.SubscribeAsync(Topic, "tests.stuck", (envelope, _) =>
        {
            received.Enqueue(envelope.MessageId);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        await Eventually.UntilAsync(() => received.Count == 4, "the next consumer gets the batch that was in flight, then the rest");
        received.ShouldBe([.. envelopes.Select(e => e.MessageId), later.MessageId]);
        await next.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Subscribe_DatabaseDownPastTheLastAttempt_RetriedUntilItAnswersAndNotParked()
    {
        var context = ServiceHost.CreateContext();
        var transport = (InProcessEventTransport)context.UseInProcessEventTransport(new InProcessTransportOptions
        {
            MaxDeliveryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(1),
        });
        var envelope = NewEnvelope();
        await transport.PublishAsync(Topic, envelope, CancellationToken.None);

        // Down for three times the attempts that would park a failing message, as a server restart would be.
        var failures = 0;
        var handled = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await transport.SubscribeAsync(Topic, "tests.database-down", (e, _) =>
        {
            if (Interlocked.Increment(ref failures) <= 6)
            {
                throw new DbUpdateException("saving failed", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));
            }

            handled.TrySetResult(e.MessageId);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        (await handled.Task.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(envelope.MessageId);
        transport.Parked.ShouldBeEmpty();
        await subscription.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void ValidateOptions_BatchLargerThanQueue_ListsEveryError()
    {
        var options = new InProcessTransportOptions { QueueCapacity = 8, MaxBatchSize = 0 };
        var tooLarge = new InProcessTransportOptions { QueueCapacity = 8, MaxBatchSize = 9 };

        Should.Throw<ArgumentException>(() => InProcessEventTransport.ValidateOptions(options)).Message
            .ShouldContain("The field MaxBatchSize must be between 1 and 10000.");
        Should.Throw<ArgumentException>(() => InProcessEventTransport.ValidateOptions(tooLarge)).Message
            .ShouldBe("Invalid InProcessTransportOptions: MaxBatchSize must not be more than QueueCapacity. (Parameter 'options')");
    }

    private static ValueTask BatchOk(IReadOnlyList<EventEnvelope> batch, ConcurrentQueue<Guid> handled)
    {
        foreach (var envelope in batch)
        {
            handled.Enqueue(envelope.MessageId);
        }

        return ValueTask.CompletedTask;
    }

    private static IEventTransport Transport(InProcessTransportOptions options) =>
        ServiceHost.CreateContext().UseInProcessEventTransport(options);

    private static EventEnvelope NewEnvelope() =>
        new(Guid.NewGuid(), Topic, TimeProvider.System.GetUtcNow(), "{}"u8.ToArray(), null);
}

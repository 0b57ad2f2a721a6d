using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

/// <summary>A consumer against sessions the test opens and ends itself, in the order a race would.</summary>
public sealed class RabbitMqConsumerSessionTests
{
    private static readonly TimeSpan Deadline = Eventually.DefaultTimeout;

    [Fact]
    public async Task Consume_LoopFailsUnexpectedly_EndsTheSessionAndHandlesWhatTheNextOneDelivers()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        var handled = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var consumer = NewConsumer(process, "tests.loop", (envelope, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the first try fails");
            }

            handled.TrySetResult(envelope.MessageId);
            return ValueTask.CompletedTask;
        }, new FailingLogger(EventingEventIds.HandlerFailed));
        await using var first = await OpenSessionAsync(process);
        await consumer.AttachAsync(first, CancellationToken.None);

        // Logging the failed try throws: the loop fails with the message unacknowledged on an open channel.
        var user = await PublishAsync(process);

        (await first.Ended.WaitAsync(Deadline)).ShouldContain("the consumer loop of subscription tests.loop failed");
        await first.DisposeAsync();
        await using var second = await OpenSessionAsync(process);
        await consumer.AttachAsync(second, CancellationToken.None);
        (await handled.Task.WaitAsync(Deadline)).ShouldBe(user.Id);
    }

    [Fact]
    public async Task AttachAsync_LateAttachToAnOlderSession_KeepsConsumingOnTheNewerOne()
    {
        var broker = await RabbitMqServer.Shared;
        await using var process = await BrokerProcess.StartAsync(broker.NewVirtualHost().Uri);
        var handled = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = NewConsumer(process, "tests.race", (envelope, _) =>
        {
            handled.TrySetResult(envelope.MessageId);
            return ValueTask.CompletedTask;
        }, NullLogger.Instance);
        await using var older = await OpenSessionAsync(process);
        await using var newer = await OpenSessionAsync(process);

        // A subscribe that read the older session before a reconnect finishes attaching after the reconnect did.
        await consumer.AttachAsync(newer, CancellationToken.None);
        await consumer.AttachAsync(older, CancellationToken.None);
        await older.DisposeAsync();

        var user = await PublishAsync(process);
        (await handled.Task.WaitAsync(Deadline)).ShouldBe(user.Id);
    }

    private static RabbitMqConsumer NewConsumer(BrokerProcess process, string name, EventEnvelopeHandler handler, ILogger logger)
    {
        var consumer = new RabbitMqConsumer(
            process.Transport, EventTypes.UserRegistered, name, handler, null, process.Options, new EventingMetrics(), logger, TimeProvider.System);
        consumer.Start();
        return consumer;
    }

    private static Task<RabbitMqSession> OpenSessionAsync(BrokerProcess process) =>
        RabbitMqSession.OpenAsync(RabbitMqConnectionFactory.Create(process.Options), process.Options, [], CancellationToken.None);

    private static async Task<UserRegistered> PublishAsync(BrokerProcess process)
    {
        var user = ServiceHost.NewUser();
        await process.Transport.PublishAsync(
            EventTypes.UserRegistered, new EventEnvelope(user.Id, EventTypes.UserRegistered, user.OccurredAt, EventTypes.Serialize(user), null), CancellationToken.None);
        return user;
    }
}

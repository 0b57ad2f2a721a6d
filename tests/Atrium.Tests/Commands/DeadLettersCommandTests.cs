using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Atrium.Payments;
using Atrium.Testing;
using RabbitMQ.Client;

namespace Atrium.Tests.Commands;

public class DeadLettersCommandTests
{
    private const string Consumer = PaymentsModule.OpenAccountSubscription;
    private const string DeadLetterQueue = Consumer + ".dead-letter";

    [Fact]
    public async Task Invoke_DeadLetter_ListsItAndReplayPutsItBackOnTheConsumersQueue()
    {
        var broker = await RabbitMqServer.Shared;
        var uri = broker.NewVirtualHost().Uri;
        await using var connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync();
        // With confirms, a publish returns once the message is queued, before the command reads the queue.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await DeclareAsync(channel);
        var messageId = Guid.NewGuid().ToString();
        await DeadLetterAsync(channel, messageId, """{"userId":"u1"}""");

        var list = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", Consumer);
        var json = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", Consumer, "--json");
        var replay = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", Consumer, "--replay");
        var after = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", Consumer);

        list.ExitCode.ShouldBe(0, list.Error);
        list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldBe(
        [
            $"{messageId}\tUserRegistered\tattempts=3\tdead-lettered=2026-01-02T03:04:05.0000000+00:00\terror=InvalidOperationException: no account for you",
            $"1 dead letter(s) in {DeadLetterQueue}",
        ]);
        json.ExitCode.ShouldBe(0, json.Error);
        using (var document = JsonDocument.Parse(json.Output))
        {
            var letter = document.RootElement;
            letter.GetProperty("messageId").GetString().ShouldBe(messageId);
            letter.GetProperty("type").GetString().ShouldBe("UserRegistered");
            letter.GetProperty("attempts").GetInt32().ShouldBe(3);
            letter.GetProperty("error").GetString().ShouldBe("InvalidOperationException: no account for you");
            letter.GetProperty("deadLetteredAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            letter.GetProperty("payload").GetProperty("userId").GetString().ShouldBe("u1");
        }

        replay.ExitCode.ShouldBe(0, replay.Error);
        replay.Output.Trim().ShouldBe($"1 dead letter(s) replayed to {Consumer}");
        after.Output.Trim().ShouldBe($"0 dead letter(s) in {DeadLetterQueue}");
        var back = (await channel.BasicGetAsync(Consumer, autoAck: true)).ShouldNotBeNull();
        back.BasicProperties.MessageId.ShouldBe(messageId);
        Encoding.UTF8.GetString(back.Body.Span).ShouldBe("""{"userId":"u1"}""");
    }

    [Fact]
    public async Task Invoke_UnknownConsumer_ReturnsTwoNamingTheKnownConsumers()
    {
        var broker = await RabbitMqServer.Shared;
        var uri = broker.NewVirtualHost().Uri;

        var list = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", "payments.nobody");
        var replay = CliRun.InvokeWith(Rabbitmq(uri), "events", "dead-letters", "--consumer", "payments.nobody", "--replay");

        foreach (var run in new[] { list, replay })
        {
            run.ExitCode.ShouldBe(2);
            run.Output.ShouldBeEmpty();
            run.Error.ShouldContain("no dead-letter queue for consumer 'payments.nobody'");
            run.Error.ShouldContain(PaymentsModule.OpenAccountSubscription);
            run.Error.ShouldContain("ordering.read-model.order-placed");
        }
    }

    [Fact]
    public void Invoke_InProcessTransport_RefusesWithOne()
    {
        var run = CliRun.Invoke("events", "dead-letters", "--consumer", Consumer);

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain("eventing.transport is InProcess, not rabbitmq");
    }

    [Fact]
    public void Invoke_BrokerUnreachable_ReturnsOneNamingTheBrokerWithoutItsPassword()
    {
        var port = ClosedPort();

        var run = CliRun.InvokeWith(Rabbitmq($"amqp://atrium:hunter2@127.0.0.1:{port}/"), "events", "dead-letters", "--consumer", Consumer, "--replay");

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldStartWith($"atrium: the broker at 127.0.0.1:{port}/ cannot be reached: ");
        run.Error.ShouldNotContain("hunter2");
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Invoke_MaxBelowOne_FailsNamingTheOption()
    {
        var run = CliRun.Invoke("events", "dead-letters", "--consumer", Consumer, "--max", "0");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("--max must be at least 1.");
    }

    private static Dictionary<string, string?> Rabbitmq(string uri) => new()
    {
        ["ATRIUM__EVENTING__TRANSPORT"] = "rabbitmq",
        ["ATRIUM__EVENTING__RABBITMQ__URI"] = uri,
    };

    // The command only reads these queues; the transport's own arguments (queue type) do not matter to it.
    private static async Task DeclareAsync(IChannel channel)
    {
        await channel.QueueDeclareAsync(Consumer, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false);
    }

    // A message as the transport dead-letters it: its properties, and the x-atrium-* headers it adds.
    private static async Task DeadLetterAsync(IChannel channel, string messageId, string payload)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
            Type = "UserRegistered",
            Persistent = true,
            Headers = new Dictionary<string, object?>
            {
                ["x-atrium-subscription"] = Consumer,
                ["x-atrium-topic"] = "UserRegistered",
                ["x-atrium-attempts"] = 3,
                ["x-atrium-error"] = "InvalidOperationException: no account for you",
                ["x-atrium-dead-lettered-at"] = "2026-01-02T03:04:05.0000000+00:00",
            },
        };
        await channel.BasicPublishAsync("", DeadLetterQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(payload));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

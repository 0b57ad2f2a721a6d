using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

public sealed class RabbitMqOptionsTests
{
    private static readonly ConfigSchema Schema = new ConfigSchema().Add<EventingOptions>(EventingOptions.Section);

    [Fact]
    public void Defaults_AreValidAndDocumented()
    {
        var options = new RabbitMqOptions();

        Should.NotThrow(() => RabbitMqEventTransport.ValidateOptions(options));
        options.Uri.ShouldBe("amqp://guest:guest@127.0.0.1:5672/");
        options.Exchange.ShouldBe("atrium.events");
        options.QueueType.ShouldBe(RabbitMqQueueType.Auto);
        options.Prefetch.ShouldBe(64);
        options.MaxDeliveries.ShouldBe(10);
        new EventingOptions().Transport.ShouldBe(EventTransportKind.InProcess);
    }

    [Fact]
    public void ValidateOptions_EverythingWrong_ListsEveryError()
    {
        var options = new RabbitMqOptions
        {
            Uri = "http://127.0.0.1:5672/",
            Exchange = "amq.topic",
            Prefetch = 0,
            MaxDeliveries = 0,
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            ReconnectBaseDelay = TimeSpan.FromSeconds(2),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        };

        var error = Should.Throw<ArgumentException>(() => RabbitMqEventTransport.ValidateOptions(options));

        error.Message.ShouldStartWith("Invalid RabbitMqOptions: ");
        error.Message.ShouldContain("The field Prefetch must be between 1 and 65535.");
        error.Message.ShouldContain("The field MaxDeliveries must be between 1 and 100.");
        error.Message.ShouldContain("uri must be an absolute amqp:// or amqps:// address with a host, e.g. amqp://user:password@127.0.0.1:5672/.");
        error.Message.ShouldContain("exchange must not start with 'amq.' (reserved by the broker).");
        error.Message.ShouldContain("retryMaxDelay must not be less than retryBaseDelay.");
        error.Message.ShouldContain("reconnectMaxDelay must not be less than reconnectBaseDelay.");
    }

    [Fact]
    public void ValidateOptions_TriesLastingPastHalfTheConsumerTimeout_ErrorNamesBothKeys()
    {
        var options = new RabbitMqOptions { MaxDeliveries = 100, RetryMaxDelay = TimeSpan.FromSeconds(10) };

        var error = Should.Throw<ArgumentException>(() => RabbitMqEventTransport.ValidateOptions(options));

        error.Message.ShouldContain("maxDeliveries times retryMaxDelay must not exceed 15 minutes");
        options.MaxDeliveries = 90;
        Should.NotThrow(() => RabbitMqEventTransport.ValidateOptions(options));
    }

    [Fact]
    public void Load_EventingSection_BindsAndReportsEachBadKeyByPath()
    {
        const string yaml = """
            eventing:
              transport: rabbitmq
              rabbitmq:
                uri: "amqp://atrium:secret@broker:5673/prod"
                queueType: classic
                prefetch: 0
                exchange: ""
                retryBaseDelay: 1s
                retryMaxDelay: 10ms
            """;

        var result = ConfigLoader.Load(yaml, "test.yaml", Schema);

        result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal).ShouldBe(
            ["eventing.rabbitmq.exchange", "eventing.rabbitmq.prefetch", "eventing.rabbitmq.retryMaxDelay"]);
        var valid = ConfigLoader.Load(yaml.Replace("prefetch: 0", "prefetch: 8").Replace("exchange: \"\"", "exchange: ex").Replace("10ms", "10s"), "test.yaml", Schema);
        valid.Errors.ShouldBeEmpty();
        var options = valid.Config!.Get<EventingOptions>(EventingOptions.Section);
        options.Transport.ShouldBe(EventTransportKind.RabbitMq);
        options.Rabbitmq.Uri.ShouldBe("amqp://atrium:secret@broker:5673/prod");
        options.Rabbitmq.QueueType.ShouldBe(RabbitMqQueueType.Classic);
        options.Rabbitmq.Prefetch.ShouldBe(8);
    }
}

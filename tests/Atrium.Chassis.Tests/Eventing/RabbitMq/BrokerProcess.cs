using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

/// <summary>
/// What one service process has of the broker: a module context sharing a started RabbitMQ transport, with delays
/// short enough for tests (tries, reconnects).
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private BrokerProcess(ModuleContext context, RabbitMqEventTransport transport, RabbitMqOptions options, CapturingLoggerProvider logs)
    {
        Context = context;
        Transport = transport;
        Options = options;
        Logs = logs;
    }

    public ModuleContext Context { get; }

    public CapturingLoggerProvider Logs { get; }

    internal RabbitMqEventTransport Transport { get; }

    internal RabbitMqOptions Options { get; }

    internal static RabbitMqOptions TestOptions(string uri) => new()
    {
        Uri = uri,
        MaxDeliveries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>
    /// Starts the transport and waits for its first connection; it declares the queues of <paramref name="system"/>
    /// (none by default: only what it consumes).
    /// </summary>
    internal static async Task<BrokerProcess> StartAsync(string uri, Action<RabbitMqOptions>? configure = null, IReadOnlyCollection<EventSubscription>? system = null)
    {
        var logs = new CapturingLoggerProvider();
        var context = ServiceHost.CreateContext(logs);
        var options = TestOptions(uri);
        configure?.Invoke(options);
        var transport = context.UseRabbitMqEventTransport(options, system ?? []);
        await transport.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => transport.IsConnected, "the transport connects");
        return new BrokerProcess(context, transport, options, logs);
    }

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}

using RabbitMQ.Client;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The client's connection settings from <see cref="RabbitMqOptions"/>.</summary>
internal static class RabbitMqConnectionFactory
{
    /// <summary>
    /// A factory for <paramref name="options"/>'s broker. The client's own recovery is off: the transport makes a
    /// whole new connection instead, with its own backoff, and declares everything again on it.
    /// </summary>
    public static ConnectionFactory Create(RabbitMqOptions options) => new()
    {
        Uri = new Uri(options.Uri),
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = options.ConnectTimeout,
        RequestedHeartbeat = TimeSpan.FromSeconds(Math.Round(options.Heartbeat.TotalSeconds)),
        ClientProvidedName = $"atrium (pid {Environment.ProcessId})",
    };
}

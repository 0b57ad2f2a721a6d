using Atrium.Chassis.Data.Eventing.RabbitMq;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The <c>eventing</c> section of <c>atrium.yaml</c>: the process's event transport. Read at start.</summary>
public sealed class EventingOptions
{
    /// <summary>The config section name.</summary>
    public const string Section = "eventing";

    /// <summary>
    /// The transport every module of the process publishes and subscribes through. Default
    /// <see cref="EventTransportKind.InProcess"/>; <see cref="EventTransportKind.RabbitMq"/> when the services run in
    /// separate processes.
    /// </summary>
    public EventTransportKind Transport { get; set; } = EventTransportKind.InProcess;

    /// <summary>The broker and its delivery policy, used when <see cref="Transport"/> is <c>rabbitmq</c> (validated either way).</summary>
    public RabbitMqOptions Rabbitmq { get; set; } = new();
}

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Which transport carries a process's integration events (<c>eventing.transport</c>).</summary>
public enum EventTransportKind
{
    /// <summary>Queues in the process's memory: every publisher and subscriber runs in this process. The default.</summary>
    InProcess,

    /// <summary>A RabbitMQ broker (<c>eventing.rabbitmq</c>), so that services in separate processes exchange events.</summary>
    RabbitMq,
}

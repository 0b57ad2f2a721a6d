namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The RabbitMQ queue type of the subscription and dead-letter queues (<c>eventing.rabbitmq.queueType</c>).</summary>
public enum RabbitMqQueueType
{
    /// <summary>Quorum queues when the server supports them (RabbitMQ 3.8 or later), else classic ones. The default.</summary>
    Auto,

    /// <summary>Quorum queues: replicated, and safe across a node's crash.</summary>
    Quorum,

    /// <summary>Classic durable queues.</summary>
    Classic,
}

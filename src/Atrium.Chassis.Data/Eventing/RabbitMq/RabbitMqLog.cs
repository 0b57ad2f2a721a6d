using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The RabbitMQ transport's log messages (event ids in <see cref="EventingEventIds"/>).</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = EventingEventIds.BrokerConnected, Level = LogLevel.Information, Message = "Connected to RabbitMQ at {Endpoint} ({QueueType} queues); {Consumers} subscriptions consuming")]
    public static partial void Connected(ILogger logger, string endpoint, RabbitMqQueueType queueType, int consumers);

    [LoggerMessage(EventId = EventingEventIds.BrokerConnectFailed, Level = LogLevel.Warning, Message = "Connecting to RabbitMQ at {Endpoint} failed (attempt {Attempt}); retrying with backoff")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, int attempt, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.BrokerConnectionLost, Level = LogLevel.Warning, Message = "The RabbitMQ connection to {Endpoint} ended ({Reason}); reconnecting with backoff")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = EventingEventIds.MessageDeadLettered, Level = LogLevel.Error, Message = "Subscription {Subscription} moved {EventType} {MessageId} to {DeadLetterQueue} after {Attempts} failed tries")]
    public static partial void MessageDeadLettered(ILogger logger, string subscription, string eventType, Guid messageId, int attempts, string deadLetterQueue, Exception? exception);

    [LoggerMessage(EventId = EventingEventIds.MalformedDeadLettered, Level = LogLevel.Error, Message = "Subscription {Subscription} moved message {MessageId} to {DeadLetterQueue} unhandled: {Reason}")]
    public static partial void MalformedDeadLettered(ILogger logger, string subscription, string? messageId, string reason, string deadLetterQueue);

    [LoggerMessage(EventId = EventingEventIds.DeadLetterFailed, Level = LogLevel.Warning, Message = "Subscription {Subscription} could not move message {MessageId} to {DeadLetterQueue}; it goes back to its queue")]
    public static partial void DeadLetterFailed(ILogger logger, string subscription, string? messageId, string deadLetterQueue, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.AcknowledgeFailed, Level = LogLevel.Debug, Message = "Subscription {Subscription} could not settle message {MessageId}: its channel is gone, so the broker delivers it again")]
    public static partial void AcknowledgeFailed(ILogger logger, string subscription, string? messageId, Exception exception);
}

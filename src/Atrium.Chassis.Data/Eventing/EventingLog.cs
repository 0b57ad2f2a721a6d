using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The eventing log messages.</summary>
internal static partial class EventingLog
{
    [LoggerMessage(EventId = EventingEventIds.RelayStarted, Level = LogLevel.Information, Message = "Outbox relay for {Outbox} started")]
    public static partial void RelayStarted(ILogger logger, string outbox);

    [LoggerMessage(EventId = EventingEventIds.RelayStopped, Level = LogLevel.Information, Message = "Outbox relay for {Outbox} stopped")]
    public static partial void RelayStopped(ILogger logger, string outbox);

    [LoggerMessage(EventId = EventingEventIds.PublishFailed, Level = LogLevel.Warning, Message = "Publishing {EventType} {MessageId} from {Outbox} failed (attempt {Attempt}); next attempt at {NextAttemptAt:O}")]
    public static partial void PublishFailed(ILogger logger, string eventType, Guid messageId, string outbox, int attempt, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.RelayLoopFailed, Level = LogLevel.Error, Message = "Outbox relay for {Outbox} failed to read or update its outbox; retrying in {Delay}")]
    public static partial void RelayLoopFailed(ILogger logger, string outbox, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.HandlerFailed, Level = LogLevel.Warning, Message = "Subscription {Subscription} failed to handle {EventType} {MessageId} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void HandlerFailed(ILogger logger, string subscription, string eventType, Guid messageId, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.CommitObserverFailed, Level = LogLevel.Error, Message = "Subscription {Subscription}: the handler's commit observer failed after its effect was committed")]
    public static partial void CommitObserverFailed(ILogger logger, string subscription, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.BatchFailed, Level = LogLevel.Information, Message = "Subscription {Subscription} failed to handle a batch of {Count}; delivering them one at a time")]
    public static partial void BatchFailed(ILogger logger, string subscription, int count, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.MessageParked, Level = LogLevel.Error, Message = "Subscription {Subscription} parked {EventType} {MessageId} after {Attempts} failed attempts")]
    public static partial void MessageParked(ILogger logger, string subscription, string eventType, Guid messageId, int attempts, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.MessagesAbandoned, Level = LogLevel.Warning, Message = "Subscription {Subscription} stopped with {Count} messages not handled; they stay queued in this process only")]
    public static partial void MessagesAbandoned(ILogger logger, string subscription, int count);

    [LoggerMessage(EventId = EventingEventIds.DuplicateSkipped, Level = LogLevel.Debug, Message = "Subscription {Subscription} already handled {EventType} {MessageId}; skipped")]
    public static partial void DuplicateSkipped(ILogger logger, string subscription, string eventType, Guid messageId);

    [LoggerMessage(EventId = EventingEventIds.ConsumerLoopFailed, Level = LogLevel.Error, Message = "The consumer loop of subscription {Subscription} failed")]
    public static partial void ConsumerLoopFailed(ILogger logger, string subscription, Exception exception);

    [LoggerMessage(EventId = EventingEventIds.PublishedRowsDeleted, Level = LogLevel.Debug, Message = "Deleted {Count} published rows older than {Cutoff:O} from {Outbox}")]
    public static partial void PublishedRowsDeleted(ILogger logger, int count, DateTimeOffset cutoff, string outbox);

    [LoggerMessage(EventId = EventingEventIds.SubscriptionStarted, Level = LogLevel.Information, Message = "Subscription {Subscription} consuming {Topic}")]
    public static partial void SubscriptionStarted(ILogger logger, string subscription, string topic);

    [LoggerMessage(EventId = EventingEventIds.SubscriptionStopped, Level = LogLevel.Information, Message = "Subscription {Subscription} stopped consuming {Topic}")]
    public static partial void SubscriptionStopped(ILogger logger, string subscription, string topic);
}

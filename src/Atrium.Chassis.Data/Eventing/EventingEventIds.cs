namespace Atrium.Chassis.Data.Eventing;

/// <summary>Event ids of the eventing log messages, kept in one place so they stay unique.</summary>
internal static class EventingEventIds
{
    public const int RelayStarted = 1600;
    public const int RelayStopped = 1601;
    public const int PublishFailed = 1602;
    public const int RelayLoopFailed = 1603;
    public const int HandlerFailed = 1604;
    public const int MessageParked = 1605;
    public const int MessagesAbandoned = 1606;
    public const int DuplicateSkipped = 1607;
    public const int ConsumerLoopFailed = 1608;
    public const int PublishedRowsDeleted = 1609;
    public const int SubscriptionStarted = 1610;
    public const int SubscriptionStopped = 1611;
    public const int BatchFailed = 1612;
    public const int CommitObserverFailed = 1613;
    public const int BrokerConnected = 1620;
    public const int BrokerConnectFailed = 1621;
    public const int BrokerConnectionLost = 1622;
    public const int MessageDeadLettered = 1623;
    public const int MalformedDeadLettered = 1624;
    public const int DeadLetterFailed = 1625;
    public const int AcknowledgeFailed = 1626;
}

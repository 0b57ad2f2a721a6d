namespace Atrium.Contracts.Events;

/// <summary>
/// Every subscription of the system, whichever module holds it. A broker transport declares the queues of all of them
/// on every connection, in every process, so that an event published before its subscriber's process ever started
/// waits in that subscriber's queue instead of reaching only the subscribers already running. A module subscribes
/// under a name listed here; the broker transport refuses one that is not.
/// </summary>
public static class EventSubscriptions
{
    /// <summary>Payments opens an account for every registered user.</summary>
    public const string PaymentsOpenAccount = "payments.open-account.user-registered";

    /// <summary>Payments settles the payment of every confirmed order.</summary>
    public const string PaymentsSettlePayment = "payments.settle-payment.order-confirmed";

    /// <summary>Ordering's read model records every placed order.</summary>
    public const string OrderingReadModelPlaced = "ordering.read-model.order-placed";

    /// <summary>Ordering's read model records every confirmed order.</summary>
    public const string OrderingReadModelConfirmed = "ordering.read-model.order-confirmed";

    /// <summary>Ordering's read model records every cancelled order.</summary>
    public const string OrderingReadModelCancelled = "ordering.read-model.order-cancelled";

    /// <summary>All of them, with the event type each takes.</summary>
    public static IReadOnlyList<EventSubscription> All { get; } =
    [
        new(EventTypes.UserRegistered, PaymentsOpenAccount),
        new(EventTypes.OrderConfirmed, PaymentsSettlePayment),
        new(EventTypes.OrderPlaced, OrderingReadModelPlaced),
        new(EventTypes.OrderConfirmed, OrderingReadModelConfirmed),
        new(EventTypes.OrderCancelled, OrderingReadModelCancelled),
    ];
}

namespace Atrium.Contracts.Events;

/// <summary>An order was cancelled and its reservation and charge compensated.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="UserId">Who placed it.</param>
/// <param name="Reason">Why, as a stable UPPER_SNAKE code (<c>OUT_OF_STOCK</c>, <c>PAYMENT_DECLINED</c>).</param>
public sealed record OrderCancelled(Guid OrderId, Guid UserId, string Reason) : IntegrationEvent;

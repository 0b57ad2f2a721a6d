namespace Atrium.Contracts.Events;

/// <summary>An order's stock is committed and its payment captured.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="UserId">Who placed it.</param>
/// <param name="Total">The amount captured.</param>
public sealed record OrderConfirmed(Guid OrderId, Guid UserId, Money Total) : IntegrationEvent;

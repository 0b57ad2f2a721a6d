namespace Atrium.Contracts.Events;

/// <summary>Ordering accepted an order (status Pending); the saga that confirms or cancels it has started.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="UserId">Who placed it.</param>
/// <param name="Lines">What was ordered.</param>
/// <param name="Total">The sum of the lines.</param>
public sealed record OrderPlaced(Guid OrderId, Guid UserId, IReadOnlyList<OrderLine> Lines, Money Total) : IntegrationEvent;

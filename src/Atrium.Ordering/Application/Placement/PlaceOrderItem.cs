namespace Atrium.Ordering.Application.Placement;

/// <summary>One requested line of a new order, before pricing.</summary>
internal readonly record struct PlaceOrderItem(Guid ProductId, int Quantity);

namespace Atrium.Ordering.Application.Placement;

/// <summary>The answer to placing an order: the order, and whether it was created by an earlier request with the same key.</summary>
internal readonly record struct PlacedOrder(Guid OrderId, bool Replayed);

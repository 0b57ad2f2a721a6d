namespace Atrium.Ordering.Api;

/// <summary>The body of <c>POST /api/orders</c>.</summary>
internal sealed record PlaceOrderRequest(List<PlaceOrderRequestItem?>? Items);

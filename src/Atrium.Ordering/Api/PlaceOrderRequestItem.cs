namespace Atrium.Ordering.Api;

/// <summary>One requested line: which product and how many.</summary>
internal sealed record PlaceOrderRequestItem(Guid? ProductId, int? Quantity);

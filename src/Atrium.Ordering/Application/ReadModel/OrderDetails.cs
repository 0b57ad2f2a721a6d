namespace Atrium.Ordering.Application.ReadModel;

/// <summary>An order as <c>GET /api/orders</c> answers it.</summary>
internal sealed record OrderDetails(
    Guid Id,
    string Status,
    IReadOnlyList<OrderViewLine> Items,
    MoneyView Total,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>
/// The read model's row for one order, built from order events; <c>GET /api/orders</c> reads only these. Lines are
/// kept as the JSON the API returns, so a read is one row and no join.
/// </summary>
internal sealed class OrderView
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public OrderStatus Status { get; set; }

    public string? Reason { get; set; }

    public long TotalAmount { get; set; }

    public string Currency { get; set; } = "";

    public string LinesJson { get; set; } = "[]";

    public long CreatedAtTicks { get; set; }

    public long UpdatedAtTicks { get; set; }
}

using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application;

/// <summary>
/// The query side: a user's orders from the read model. One order whose view is not built yet (its
/// <c>OrderPlaced</c> is a few milliseconds behind) is read from the order itself, so a client that follows the
/// <c>Location</c> of its 202 finds its order at once.
/// </summary>
internal sealed class OrderQueries(OrderingDbContext db)
{
    public const int MaxPageSize = 100;

    public async Task<OrderDetails?> FindAsync(Guid userId, Guid orderId, CancellationToken cancellationToken)
    {
        var view = await db.OrderViews.AsNoTracking().SingleOrDefaultAsync(v => v.Id == orderId && v.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (view is not null)
        {
            return ToDetails(view);
        }

        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.UserId == userId, cancellationToken).ConfigureAwait(false);
        return order is null ? null : new OrderDetails(
            order.Id,
            order.Status.ToString(),
            [.. order.Lines.Select(l => new OrderViewLine(l.ProductId, l.Quantity, new MoneyView(l.UnitPrice.Amount, l.UnitPrice.Currency)))],
            new MoneyView(order.TotalAmount, order.Currency),
            order.Reason,
            order.CreatedAt,
            order.UpdatedAt);
    }

    /// <summary>The user's orders, newest first.</summary>
    public async Task<(List<OrderDetails> Items, int Total)> ListAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var mine = db.OrderViews.AsNoTracking().Where(v => v.UserId == userId);
        var total = await mine.CountAsync(cancellationToken).ConfigureAwait(false);
        var views = await mine.OrderByDescending(v => v.CreatedAtTicks).ThenByDescending(v => v.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (views.Select(ToDetails).ToList(), total);
    }

    private static OrderDetails ToDetails(OrderView view) => new(
        view.Id,
        view.Status.ToString(),
        OrderViewJson.Deserialize(view.LinesJson),
        new MoneyView(view.TotalAmount, view.Currency),
        view.Reason,
        new DateTimeOffset(view.CreatedAtTicks, TimeSpan.Zero),
        new DateTimeOffset(view.UpdatedAtTicks, TimeSpan.Zero));
}

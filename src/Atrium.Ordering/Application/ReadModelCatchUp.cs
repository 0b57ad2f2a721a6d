using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application;

/// <summary>
/// Brings the read model level with the orders at start. The in-process event transport keeps queued events in
/// memory, so a crash can lose an order event after the outbox handed it over; the orders table is the truth, and
/// every view that is missing or behind is rewritten from it. With a broker transport this finds nothing to do.
/// </summary>
internal static class ReadModelCatchUp
{
    private const int Batch = 500;

    public static async Task<int> RunAsync(OrderingDbContext db, CancellationToken cancellationToken)
    {
        var repaired = 0;
        while (true)
        {
            var behind = await db.Orders.AsNoTracking()
                .Where(o => !db.OrderViews.Any(v => v.Id == o.Id && v.Status == o.Status))
                .OrderBy(o => o.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (behind.Count == 0)
            {
                return repaired;
            }

            var ids = behind.Select(o => o.Id).ToList();
            var views = await db.OrderViews.Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken).ConfigureAwait(false);
            foreach (var order in behind)
            {
                if (!views.TryGetValue(order.Id, out var view))
                {
                    view = new OrderView { Id = order.Id };
                    db.OrderViews.Add(view);
                }

                Copy(order, view);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            repaired += behind.Count;
        }
    }

    /// <summary>A new view of <paramref name="order"/> as it stands.</summary>
    public static OrderView ViewOf(Order order)
    {
        var view = new OrderView { Id = order.Id };
        Copy(order, view);
        return view;
    }

    private static void Copy(Order order, OrderView view)
    {
        view.UserId = order.UserId;
        view.Status = order.Status;
        view.Reason = order.Reason;
        view.TotalAmount = order.TotalAmount;
        view.Currency = order.Currency;
        view.LinesJson = OrderViewJson.Serialize([.. order.Lines.Select(l => new OrderViewLine(l.ProductId, l.Quantity, new MoneyView(l.UnitPrice.Amount, l.UnitPrice.Currency)))]);
        view.CreatedAtTicks = order.CreatedAt.UtcTicks;
        view.UpdatedAtTicks = order.UpdatedAt.UtcTicks;
    }
}

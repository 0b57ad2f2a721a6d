using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application.ReadModel;

/// <summary>
/// Brings the read model level with the orders at start. The in-process event transport keeps queued events in
/// memory, so a crash can lose an order event after the outbox handed it over; the orders table is the truth: every
/// view that is missing or behind is rewritten from it, and a view whose order does not exist is removed. With a
/// broker transport this finds nothing to do. The views live in a database of their own, so the two sides are
/// compared here rather than joined in SQL: the views' ids and statuses are held in memory (some 30 MB per million
/// orders) while the orders' are read past them, then the orders behind are loaded and rewritten a batch at a time. A
/// new, empty read model (a data directory from before it had its own file) is rebuilt whole this way.
/// </summary>
internal static class ReadModelCatchUp
{
    private const int Batch = 500;

    public static async Task<int> RunAsync(OrderingDbContext orders, OrderReadDbContext views, CancellationToken cancellationToken)
    {
        var viewed = await views.OrderViews.AsNoTracking()
            .Select(v => new { v.Id, v.Status })
            .ToDictionaryAsync(v => v.Id, v => v.Status, cancellationToken).ConfigureAwait(false);
        var behind = new List<Guid>();
        await foreach (var order in orders.Orders.AsNoTracking().Select(o => new { o.Id, o.Status }).AsAsyncEnumerable()
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!viewed.Remove(order.Id, out var status) || status != order.Status)
            {
                behind.Add(order.Id);
            }
        }

        // Views left over have no order: the two files were restored from different moments, or a power loss took
        // the order's commit and not its view's (synchronous=NORMAL). An order that does not exist is not shown.
        foreach (var ids in viewed.Keys.Chunk(Batch))
        {
            await views.OrderViews.Where(v => ids.Contains(v.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var ids in behind.Chunk(Batch))
        {
            var stale = await orders.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            var existing = await views.OrderViews.Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken).ConfigureAwait(false);
            foreach (var order in stale)
            {
                if (!existing.TryGetValue(order.Id, out var view))
                {
                    view = new OrderView { Id = order.Id };
                    views.OrderViews.Add(view);
                }

                Copy(order, view);
            }

            await views.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            views.ChangeTracker.Clear();
        }

        return behind.Count + viewed.Count;
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

using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application.ReadModel;

/// <summary>
/// The query side: a user's orders from the read model. One order whose view is not built yet (its
/// <c>OrderPlaced</c> is a few milliseconds behind) is read from the order itself, so a client that follows the
/// <c>Location</c> of its 202 finds its order at once.
/// </summary>
internal sealed class OrderQueries(OrderReadDbContext views, OrderingDbContext orders, OrderChanges changes, TimeProvider time)
{
    public const int MaxPageSize = 100;

    // Compiled once: a client polls its order until it is final, so these run tens of times per order, and the LINQ
    // form rebuilt the expression tree, extracted its parameters and looked up the query cache on every poll
    // (measured: a tenth of the process's CPU under the order benchmark).
    private static readonly ModelCompiledQuery<Func<OrderReadDbContext, Guid, Guid, CancellationToken, Task<OrderView?>>> FindView =
        new(() => EF.CompileAsyncQuery((OrderReadDbContext db, Guid orderId, Guid userId, CancellationToken cancellationToken) =>
            db.OrderViews.AsNoTracking().SingleOrDefault(v => v.Id == orderId && v.UserId == userId)));

    private static readonly ModelCompiledQuery<Func<OrderingDbContext, Guid, Guid, CancellationToken, Task<Order?>>> FindOrder =
        new(() => EF.CompileAsyncQuery((OrderingDbContext db, Guid orderId, Guid userId, CancellationToken cancellationToken) =>
            db.Orders.AsNoTracking().SingleOrDefault(o => o.Id == orderId && o.UserId == userId)));

    public async Task<OrderDetails?> FindAsync(Guid userId, Guid orderId, CancellationToken cancellationToken)
    {
        var view = await FindView.For(views)(views, orderId, userId, cancellationToken).ConfigureAwait(false);
        if (view is not null)
        {
            return ToDetails(view);
        }

        var order = await FindOrder.For(orders)(orders, orderId, userId, cancellationToken).ConfigureAwait(false);
        return order is null ? null : new OrderDetails(
            order.Id,
            order.Status.ToString(),
            [.. order.Lines.Select(l => new OrderViewLine(l.ProductId, l.Quantity, new MoneyView(l.UnitPrice.Amount, l.UnitPrice.Currency)))],
            new MoneyView(order.TotalAmount, order.Currency),
            order.Reason,
            order.CreatedAt,
            order.UpdatedAt);
    }

    /// <summary>
    /// The order as <see cref="FindAsync(Guid, Guid, CancellationToken)"/> answers it, once it is no longer Pending or
    /// <paramref name="wait"/> has passed, whichever comes first.
    /// </summary>
    public async Task<OrderDetails?> FindAsync(Guid userId, Guid orderId, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return await FindAsync(userId, orderId, cancellationToken).ConfigureAwait(false);
        }

        var started = time.GetTimestamp();
        while (true)
        {
            // Joined before the read, so that a change between the read and the wait is not missed.
            var changed = changes.Join(orderId);
            try
            {
                var order = await FindAsync(userId, orderId, cancellationToken).ConfigureAwait(false);
                var remaining = wait - time.GetElapsedTime(started);
                if (order is null || order.Status != nameof(OrderStatus.Pending) || remaining <= TimeSpan.Zero)
                {
                    return order;
                }

                var recheck = remaining < OrderChanges.RecheckInterval ? remaining : OrderChanges.RecheckInterval;
                await Task.WhenAny(changed, Task.Delay(recheck, time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                changes.Leave(orderId, changed);
            }
        }
    }

    /// <summary>The user's orders, newest first.</summary>
    public async Task<(List<OrderDetails> Items, int Total)> ListAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var mine = views.OrderViews.AsNoTracking().Where(v => v.UserId == userId);
        var total = await mine.CountAsync(cancellationToken).ConfigureAwait(false);
        var found = await mine.OrderByDescending(v => v.CreatedAtTicks).ThenByDescending(v => v.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (found.Select(ToDetails).ToList(), total);
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

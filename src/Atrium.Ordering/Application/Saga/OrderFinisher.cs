using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using EventMoney = Atrium.Contracts.Events.Money;

namespace Atrium.Ordering.Application.Saga;

/// <summary>
/// Gives the orders of finished sagas their final status and queues their event (<c>OrderConfirmed</c> or
/// <c>OrderCancelled</c>) in the outbox, inside the transaction that saves the sagas' last step: an order is never
/// final without its event, nor its saga done with the order still Pending.
/// </summary>
internal static class OrderFinisher
{
    /// <summary>Confirms or cancels the order of each saga in <paramref name="finished"/> (keyed by order id); nothing is saved yet.</summary>
    /// <exception cref="InvalidOperationException">A finished saga has no order.</exception>
    /// <exception cref="OrderingDomainException">An order is no longer Pending.</exception>
    public static async Task FinishAsync(OrderingDbContext db, Dictionary<Guid, OrderSaga> finished, DateTimeOffset now)
    {
        var ids = finished.Keys.ToList();
        var orders = await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync().ConfigureAwait(false);
        if (orders.Count != ids.Count)
        {
            // A saga without its order: saving it as done would leave the order Pending with no final event.
            throw new InvalidOperationException($"{ids.Count - orders.Count} finished saga(s) have no order.");
        }

        foreach (var order in orders)
        {
            db.Outbox().Add(Finish(order, finished[order.Id], now));
        }
    }

    /// <summary>Confirms or cancels <paramref name="order"/> as its finished <paramref name="saga"/> went; returns the order's event.</summary>
    /// <exception cref="OrderingDomainException">The order is no longer Pending.</exception>
    public static IntegrationEvent Finish(Order order, OrderSaga saga, DateTimeOffset now)
    {
        if (saga.Succeeded)
        {
            order.Confirm(now);
            return new OrderConfirmed(order.Id, order.UserId, new EventMoney(order.TotalAmount, order.Currency)) { OccurredAt = now };
        }

        order.Cancel(saga.Reason!, now);
        return new OrderCancelled(order.Id, order.UserId, saga.Reason!) { OccurredAt = now };
    }
}

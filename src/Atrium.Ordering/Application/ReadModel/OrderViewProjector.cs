using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Application.ReadModel;

/// <summary>
/// Builds the read model from order events, behind the inbox (one effect per event), each event one write statement
/// and no read (<see cref="OrderViewWrites"/>). <c>OrderPlaced</c> creates the view; <c>OrderConfirmed</c> and
/// <c>OrderCancelled</c> move it to its final status. A final event that overtakes
/// its <c>OrderPlaced</c> builds the view from the order, read from the command side. Once a final status is
/// committed, the readers waiting on the order are woken (<see cref="OrderChanges"/>).
/// </summary>
internal sealed class OrderViewProjector(OrderReadDbContext db, OrderingDbContext orders, OrderChanges changes) :
    IIntegrationEventHandler<OrderPlaced>,
    IIntegrationEventHandler<OrderConfirmed>,
    IIntegrationEventHandler<OrderCancelled>,
    ICommitObserver
{
    // The orders whose views this delivery (one message or a batch) made final; their readers are woken once that is
    // committed, not before, so that they read the final status rather than the one before it. A set, since a retried
    // transaction runs the same events through this handler again.
    private readonly HashSet<Guid> _finished = [];

    public async Task HandleAsync(OrderPlaced integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var ticks = integrationEvent.OccurredAt.UtcTicks;
        // A view there already was made by the start-up catch-up after this event was lost in a crash (then replayed),
        // or by a final event that overtook this one: either is as new as this event or newer, and stays.
        await OrderViewWrites.InsertAsync(db, new OrderView
        {
            Id = integrationEvent.OrderId,
            UserId = integrationEvent.UserId,
            Status = OrderStatus.Pending,
            TotalAmount = integrationEvent.Total.Amount,
            Currency = integrationEvent.Total.Currency,
            LinesJson = OrderViewJson.Serialize([.. integrationEvent.Lines.Select(l => new OrderViewLine(l.ProductId, l.Quantity, new MoneyView(l.UnitPrice.Amount, l.UnitPrice.Currency)))]),
            CreatedAtTicks = ticks,
            UpdatedAtTicks = ticks,
        }, replace: false, cancellationToken).ConfigureAwait(false);
    }

    public Task HandleAsync(OrderConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return FinishAsync(integrationEvent.OrderId, OrderStatus.Confirmed, null, integrationEvent.OccurredAt, cancellationToken);
    }

    public Task HandleAsync(OrderCancelled integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return FinishAsync(integrationEvent.OrderId, OrderStatus.Cancelled, integrationEvent.Reason, integrationEvent.OccurredAt, cancellationToken);
    }

    private async Task FinishAsync(Guid orderId, OrderStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // One statement when the view is there, the usual case; no read of it first.
        if (!await OrderViewWrites.FinishAsync(db, orderId, status, reason, at.UtcTicks, cancellationToken).ConfigureAwait(false))
        {
            // The final event overtook its OrderPlaced (separate subscriptions): rather than wait for redeliveries that
            // may run out, build the view from the order, which the saga committed before publishing this event. An
            // OrderPlaced committing meanwhile makes the insert replace its Pending view; one committing later finds
            // the final view and leaves it.
            var order = await orders.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Order {orderId} does not exist; the event cannot be projected.");
            var view = ReadModelCatchUp.ViewOf(order);
            view.Status = status;
            view.Reason = reason;
            view.UpdatedAtTicks = at.UtcTicks;
            await OrderViewWrites.InsertAsync(db, view, replace: true, cancellationToken).ConfigureAwait(false);
        }

        _finished.Add(orderId);
    }

    public void OnCommitted()
    {
        foreach (var orderId in _finished)
        {
            changes.Changed(orderId);
        }
    }
}

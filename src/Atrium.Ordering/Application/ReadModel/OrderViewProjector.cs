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
/// committed, the readers waiting on the order are woken (<see cref="OrderChanges"/>). On PostgreSQL a batch's writes
/// are held back and sent together before the inbox's commit (<see cref="OrderViewBatch"/>): one round trip per batch.
/// </summary>
internal sealed class OrderViewProjector(OrderReadDbContext db, OrderingDbContext orders, OrderChanges changes) :
    IIntegrationEventHandler<OrderPlaced>,
    IIntegrationEventHandler<OrderConfirmed>,
    IIntegrationEventHandler<OrderCancelled>,
    IBatchWriter,
    ICommitObserver
{
    // The orders whose views this delivery (one message or a batch) made final; their readers are woken once that is
    // committed, not before, so that they read the final status rather than the one before it. A set, since a retried
    // transaction runs the same events through this handler again.
    private readonly HashSet<Guid> _finished = [];

    // Null on SQLite, where a statement costs no round trip and each is sent at once.
    private readonly OrderViewBatch? _batch = OrderViewBatch.For(db);

    public async Task HandleAsync(OrderPlaced integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var ticks = integrationEvent.OccurredAt.UtcTicks;
        // A view there already was made by the start-up catch-up after this event was lost in a crash (then replayed),
        // or by a final event that overtook this one: either is as new as this event or newer, and stays.
        var view = new OrderView
        {
            Id = integrationEvent.OrderId,
            UserId = integrationEvent.UserId,
            Status = OrderStatus.Pending,
            TotalAmount = integrationEvent.Total.Amount,
            Currency = integrationEvent.Total.Currency,
            LinesJson = OrderViewJson.Serialize([.. integrationEvent.Lines.Select(l => new OrderViewLine(l.ProductId, l.Quantity, new MoneyView(l.UnitPrice.Amount, l.UnitPrice.Currency)))]),
            CreatedAtTicks = ticks,
            UpdatedAtTicks = ticks,
        };
        if (_batch is not null)
        {
            _batch.Insert(db, view, replace: false);
            return;
        }

        await OrderViewWrites.InsertAsync(db, view, replace: false, cancellationToken).ConfigureAwait(false);
    }

    public Task HandleAsync(OrderConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return FinishAsync(new OrderViewFinish(integrationEvent.OrderId, OrderStatus.Confirmed, null, integrationEvent.OccurredAt.UtcTicks), cancellationToken);
    }

    public Task HandleAsync(OrderCancelled integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return FinishAsync(new OrderViewFinish(integrationEvent.OrderId, OrderStatus.Cancelled, integrationEvent.Reason, integrationEvent.OccurredAt.UtcTicks), cancellationToken);
    }

    public void BeginBatch() => _batch?.Clear();

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch is null)
        {
            return;
        }

        foreach (var finish in await _batch.FlushAsync(db, cancellationToken).ConfigureAwait(false))
        {
            await BuildFromOrderAsync(finish, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(OrderViewFinish finish, CancellationToken cancellationToken)
    {
        // One statement when the view is there, the usual case; no read of it first.
        if (_batch is not null)
        {
            _batch.Finish(db, finish);
        }
        else if (!await OrderViewWrites.FinishAsync(db, finish, cancellationToken).ConfigureAwait(false))
        {
            await BuildFromOrderAsync(finish, cancellationToken).ConfigureAwait(false);
        }

        _finished.Add(finish.OrderId);
    }

    // The final event overtook its OrderPlaced (separate subscriptions): rather than wait for redeliveries that may run
    // out, build the view from the order, which the saga committed before publishing this event. An OrderPlaced
    // committing meanwhile makes the insert replace its Pending view; one committing later finds the final view and
    // leaves it.
    private async Task BuildFromOrderAsync(OrderViewFinish finish, CancellationToken cancellationToken)
    {
        var order = await orders.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == finish.OrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Order {finish.OrderId} does not exist; the event cannot be projected.");
        var view = ReadModelCatchUp.ViewOf(order);
        view.Status = finish.Status;
        view.Reason = finish.Reason;
        view.UpdatedAtTicks = finish.UpdatedAtTicks;
        await OrderViewWrites.InsertAsync(db, view, replace: true, cancellationToken).ConfigureAwait(false);
    }

    public void OnCommitted()
    {
        foreach (var orderId in _finished)
        {
            changes.Changed(orderId);
        }
    }
}

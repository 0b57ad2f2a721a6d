using Atrium.Contracts.Events;
using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;
using EventLine = Atrium.Contracts.Events.OrderLine;
using EventMoney = Atrium.Contracts.Events.Money;

namespace Atrium.Ordering.Tests.Application.ReadModel;

public sealed class OrderViewProjectorTests : OrderingDatabaseTests
{
    private static readonly DateTimeOffset PlacedAt = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Product = Guid.Parse("00000000-0000-0000-0000-000000000007");

    private readonly OrderChanges _changes = new();
    private readonly Guid _orderId = Guid.NewGuid();
    private readonly Guid _userId = Guid.NewGuid();

    [Fact]
    public async Task HandleAsync_OrderPlaced_CreatesAPendingViewWithTheLines()
    {
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view.ShouldNotBeNull();
        view.UserId.ShouldBe(_userId);
        view.Status.ShouldBe(OrderStatus.Pending);
        view.Reason.ShouldBeNull();
        view.TotalAmount.ShouldBe(3_000);
        view.Currency.ShouldBe("USD");
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(Product, 2, new MoneyView(1_500, "USD"))]);
    }

    [Fact]
    public async Task HandleAsync_OrderConfirmedAfterOrderPlaced_ConfirmsTheView()
    {
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderConfirmed(_orderId, _userId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.Reason.ShouldBeNull();
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
    }

    [Fact]
    public async Task OnCommitted_AfterAFinalEvent_WakesTheReadersWaitingOnTheOrder()
    {
        var changed = _changes.Join(_orderId);
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));
        changed.IsCompleted.ShouldBeFalse();

        await using var db = Database.NewReadContext();
        await using var orders = Database.NewContext();
        var projector = new OrderViewProjector(db, orders, _changes);
        await projector.HandleAsync(new OrderConfirmed(_orderId, _userId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, CancellationToken.None);
        await db.SaveChangesAsync();
        changed.IsCompleted.ShouldBeFalse("a reader woken before the commit would read the status before it");

        projector.OnCommitted();

        changed.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task HandleAsync_OrderCancelledAfterOrderPlaced_CancelsTheViewWithTheReason()
    {
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderCancelled(_orderId, _userId, CancellationReasons.OutOfStock) { OccurredAt = PlacedAt.AddSeconds(1) }, ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Cancelled);
        view.Reason.ShouldBe(CancellationReasons.OutOfStock);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(1).UtcTicks);
    }

    [Fact]
    public async Task HandleAsync_OrderConfirmedBeforeOrderPlaced_BuildsTheViewFromTheOrderAndTheLatePlacedLeavesIt()
    {
        await using (var db = Database.NewContext())
        {
            var order = Order.Place(_orderId, _userId, [new Atrium.Ordering.Domain.OrderLine(Product, 2, new Atrium.Ordering.Domain.Money(1_500, "USD"))], PlacedAt);
            order.Confirm(PlacedAt.AddSeconds(2));
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderConfirmed(_orderId, _userId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, ct));
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(Product, 2, new MoneyView(1_500, "USD"))]);
    }

    [Fact]
    public async Task HandleAsync_FinalEventForAnUnknownOrder_ThrowsAndWritesNothing()
    {
        var confirmed = new OrderConfirmed(_orderId, _userId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) };

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => ProjectAsync((p, ct) => p.HandleAsync(confirmed, ct)));

        ex.Message.ShouldBe($"Order {_orderId} does not exist; the event cannot be projected.");
        (await ViewAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task HandleAsync_OrderPlacedReplayedAfterTheViewMovedOn_LeavesTheViewAlone()
    {
        // The start-up catch-up built the view from the order after the event was lost; then the event is replayed.
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));
        await ProjectAsync((p, ct) => p.HandleAsync(new OrderCancelled(_orderId, _userId, CancellationReasons.InsufficientFunds) { OccurredAt = PlacedAt.AddSeconds(1) }, ct));

        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Cancelled);
        view.Reason.ShouldBe(CancellationReasons.InsufficientFunds);
        await using var db = Database.NewReadContext();
        (await db.OrderViews.CountAsync()).ShouldBe(1);
    }

    private OrderPlaced Placed() =>
        new(_orderId, _userId, [new EventLine(Product, 2, new EventMoney(1_500, "USD"))], new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt };

    /// <summary>Runs the projector in a scope of its own and saves, as the inbox does around a handler.</summary>
    private async Task ProjectAsync(Func<OrderViewProjector, CancellationToken, Task> handle)
    {
        await using var db = Database.NewReadContext();
        await using var orders = Database.NewContext();
        var projector = new OrderViewProjector(db, orders, _changes);
        await handle(projector, CancellationToken.None);
        await db.SaveChangesAsync();
        projector.OnCommitted();
    }

    private async Task<OrderView?> ViewAsync()
    {
        await using var db = Database.NewReadContext();
        return await db.OrderViews.AsNoTracking().SingleOrDefaultAsync(v => v.Id == _orderId);
    }
}

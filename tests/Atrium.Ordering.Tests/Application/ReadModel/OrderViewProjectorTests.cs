using Atrium.Contracts.Events;
using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;
using EventLine = Atrium.Contracts.Events.OrderLine;
using EventMoney = Atrium.Contracts.Events.Money;

namespace Atrium.Ordering.Tests.Application.ReadModel;

/// <summary>
/// The projector against a real read model, on SQLite (<see cref="OrderViewProjectorOnSqliteTests"/>) and on
/// PostgreSQL (<see cref="OrderViewProjectorOnPostgreSqlTests"/>).
/// </summary>
public abstract class OrderViewProjectorTests : OrderingDatabaseTests
{
    protected static readonly DateTimeOffset PlacedAt = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    protected static readonly Guid Product = Guid.Parse("00000000-0000-0000-0000-000000000007");

    private readonly OrderChanges _changes = new();

    protected Guid OrderId { get; } = Guid.NewGuid();

    protected Guid UserId { get; } = Guid.NewGuid();

    internal OrderChanges Changes => _changes;

    [Fact]
    public async Task HandleAsync_OrderPlaced_CreatesAPendingViewWithTheLines()
    {
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view.ShouldNotBeNull();
        view.UserId.ShouldBe(UserId);
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

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.Reason.ShouldBeNull();
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
    }

    [Fact]
    public async Task OnCommitted_AfterAFinalEvent_WakesTheReadersWaitingOnTheOrder()
    {
        var changed = _changes.Join(OrderId);
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));
        changed.IsCompleted.ShouldBeFalse();

        await using var db = Database.NewReadContext();
        await using var orders = Database.NewContext();
        var projector = new OrderViewProjector(db, orders, _changes);
        await projector.HandleAsync(new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, CancellationToken.None);
        await projector.FlushAsync(CancellationToken.None);
        await db.SaveChangesAsync();
        changed.IsCompleted.ShouldBeFalse("a reader woken before the commit would read the status before it");

        projector.OnCommitted();

        changed.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task HandleAsync_OrderCancelledAfterOrderPlaced_CancelsTheViewWithTheReason()
    {
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderCancelled(OrderId, UserId, CancellationReasons.OutOfStock) { OccurredAt = PlacedAt.AddSeconds(1) }, ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Cancelled);
        view.Reason.ShouldBe(CancellationReasons.OutOfStock);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(1).UtcTicks);
    }

    [Fact]
    public async Task HandleAsync_OrderConfirmedBeforeOrderPlaced_BuildsTheViewFromTheOrderAndTheLatePlacedLeavesIt()
    {
        await SaveConfirmedOrderAsync();

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, ct));
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(Product, 2, new MoneyView(1_500, "USD"))]);
    }

    [Fact]
    public async Task FlushAsync_BatchOfFinalEventsOneOvertakingItsOrderPlaced_FinishesEveryViewAndBuildsTheMissingOne()
    {
        var other = Guid.NewGuid();
        await ProjectAsync((p, ct) => p.HandleAsync(Placed() with { OrderId = other }, ct));
        await SaveConfirmedOrderAsync();
        var changed = _changes.Join(OrderId);

        // One batch: the first event's view is there, the second's OrderPlaced has not been projected yet.
        await ProjectAsync(async (p, ct) =>
        {
            await p.HandleAsync(new OrderCancelled(other, UserId, CancellationReasons.OutOfStock) { OccurredAt = PlacedAt.AddSeconds(1) }, ct);
            await p.HandleAsync(new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) }, ct);
        });

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(Product, 2, new MoneyView(1_500, "USD"))]);
        await using var db = Database.NewReadContext();
        var cancelled = await db.OrderViews.AsNoTracking().SingleAsync(v => v.Id == other);
        cancelled.Status.ShouldBe(OrderStatus.Cancelled);
        cancelled.Reason.ShouldBe(CancellationReasons.OutOfStock);
        changed.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task FlushAsync_ManyOrderPlacedInOneBatch_CreatesEveryView()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        await ProjectAsync(async (p, ct) =>
        {
            foreach (var id in ids)
            {
                await p.HandleAsync(Placed() with { OrderId = id }, ct);
            }
        });

        await using var db = Database.NewReadContext();
        (await db.OrderViews.AsNoTracking().Where(v => ids.Contains(v.Id)).CountAsync(v => v.Status == OrderStatus.Pending)).ShouldBe(5);
    }

    [Fact]
    public async Task HandleAsync_FinalEventForAnUnknownOrder_ThrowsAndWritesNothing()
    {
        var confirmed = new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) };

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => ProjectAsync((p, ct) => p.HandleAsync(confirmed, ct)));

        ex.Message.ShouldBe($"Order {OrderId} does not exist; the event cannot be projected.");
        (await ViewAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task HandleAsync_OrderPlacedReplayedAfterTheViewMovedOn_LeavesTheViewAlone()
    {
        // The start-up catch-up built the view from the order after the event was lost; then the event is replayed.
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));
        await ProjectAsync((p, ct) => p.HandleAsync(new OrderCancelled(OrderId, UserId, CancellationReasons.InsufficientFunds) { OccurredAt = PlacedAt.AddSeconds(1) }, ct));

        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Cancelled);
        view.Reason.ShouldBe(CancellationReasons.InsufficientFunds);
        await using var db = Database.NewReadContext();
        (await db.OrderViews.CountAsync()).ShouldBe(1);
    }

    protected OrderPlaced Placed() =>
        new(OrderId, UserId, [new EventLine(Product, 2, new EventMoney(1_500, "USD"))], new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt };

    [Fact]
    public async Task HandleAsync_OrderCancelledBeforeOrderPlaced_TheViewIsCancelledWithTheReasonOfTheEvent()
    {
        await using (var db = Database.NewContext())
        {
            var order = Order.Place(OrderId, UserId, [new Atrium.Ordering.Domain.OrderLine(Product, 2, new Atrium.Ordering.Domain.Money(1_500, "USD"))], PlacedAt);
            order.Cancel(CancellationReasons.OutOfStock, PlacedAt.AddSeconds(1));
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        await ProjectAsync((p, ct) => p.HandleAsync(new OrderCancelled(OrderId, UserId, CancellationReasons.OutOfStock) { OccurredAt = PlacedAt.AddSeconds(1) }, ct));
        await ProjectAsync((p, ct) => p.HandleAsync(Placed(), ct));

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Cancelled);
        view.Reason.ShouldBe(CancellationReasons.OutOfStock);
        view.TotalAmount.ShouldBe(3_000);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(1).UtcTicks);
    }

    /// <summary>Saves the order of <see cref="OrderId"/>, confirmed two seconds after <see cref="PlacedAt"/>, on the command side.</summary>
    protected async Task SaveConfirmedOrderAsync()
    {
        await using var db = Database.NewContext();
        var order = Order.Place(OrderId, UserId, [new Atrium.Ordering.Domain.OrderLine(Product, 2, new Atrium.Ordering.Domain.Money(1_500, "USD"))], PlacedAt);
        order.Confirm(PlacedAt.AddSeconds(2));
        db.Orders.Add(order);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Runs the projector in a scope and a transaction of its own, flushes and saves, as the inbox does around a handler
    /// and its batch.
    /// </summary>
    private protected async Task ProjectAsync(Func<OrderViewProjector, CancellationToken, Task> handle)
    {
        await using var db = Database.NewReadContext();
        await using var orders = Database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var projector = new OrderViewProjector(db, orders, _changes);
        projector.BeginBatch();
        await handle(projector, CancellationToken.None);
        await projector.FlushAsync(CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        projector.OnCommitted();
    }

    internal async Task<OrderView?> ViewAsync()
    {
        await using var db = Database.NewReadContext();
        return await db.OrderViews.AsNoTracking().SingleOrDefaultAsync(v => v.Id == OrderId);
    }
}

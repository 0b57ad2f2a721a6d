using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests.Application.ReadModel;

public sealed class ReadModelCatchUpTests : OrderingDatabaseTests
{
    private static readonly DateTimeOffset PlacedAt = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_MissingAndStaleViews_RewritesThemFromTheOrdersAndLeavesCorrectOnesAlone()
    {
        var missing = NewOrder(o => o.Confirm(PlacedAt.AddSeconds(3)));
        var stale = NewOrder(o => o.Cancel(CancellationReasons.InsufficientFunds, PlacedAt.AddSeconds(4)));
        var current = NewOrder(_ => { });
        await using (var db = Database.NewContext())
        {
            db.Orders.AddRange(missing, stale, current);
            await db.SaveChangesAsync();
        }

        await using (var db = Database.NewReadContext())
        {
            db.OrderViews.Add(new OrderView { Id = stale.Id, UserId = stale.UserId, Status = OrderStatus.Pending, TotalAmount = stale.TotalAmount, Currency = "USD", CreatedAtTicks = PlacedAt.UtcTicks, UpdatedAtTicks = PlacedAt.UtcTicks });
            // Correct status; the marker shows whether catch-up rewrote it.
            db.OrderViews.Add(new OrderView { Id = current.Id, UserId = current.UserId, Status = OrderStatus.Pending, Currency = "USD", LinesJson = "[\"marker\"]", CreatedAtTicks = 1, UpdatedAtTicks = 1 });
            await db.SaveChangesAsync();
        }

        (await CatchUpAsync()).ShouldBe(2);

        await ShouldMirrorAsync(missing);
        await ShouldMirrorAsync(stale);
        var untouched = await ViewAsync(current.Id);
        untouched.LinesJson.ShouldBe("[\"marker\"]");
        untouched.UpdatedAtTicks.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_ViewWithoutItsOrder_RemovesItAndKeepsTheOthers()
    {
        var kept = NewOrder(o => o.Confirm(PlacedAt.AddSeconds(1)));
        await using (var db = Database.NewContext())
        {
            db.Orders.Add(kept);
            await db.SaveChangesAsync();
        }

        var orphan = Guid.NewGuid();
        await using (var db = Database.NewReadContext())
        {
            db.OrderViews.Add(new OrderView { Id = orphan, UserId = Guid.NewGuid(), Status = OrderStatus.Pending, Currency = "USD", CreatedAtTicks = 1, UpdatedAtTicks = 1 });
            await db.SaveChangesAsync();
        }

        (await CatchUpAsync()).ShouldBe(2);

        await using var check = Database.NewReadContext();
        (await check.OrderViews.Select(v => v.Id).ToListAsync()).ShouldBe([kept.Id]);
        await ShouldMirrorAsync(kept);
    }

    [Fact]
    public async Task RunAsync_CaughtUp_FindsNothingToDo()
    {
        await using (var db = Database.NewContext())
        {
            db.Orders.Add(NewOrder(o => o.Confirm(PlacedAt)));
            await db.SaveChangesAsync();
        }

        (await CatchUpAsync()).ShouldBe(1);
        (await CatchUpAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_MoreThanABatchBehind_RepairsEveryView()
    {
        await using (var db = Database.NewContext())
        {
            db.Orders.AddRange(Enumerable.Range(0, 1_234).Select(_ => NewOrder(_ => { })));
            await db.SaveChangesAsync();
        }

        (await CatchUpAsync()).ShouldBe(1_234);

        await using var check = Database.NewReadContext();
        (await check.OrderViews.CountAsync()).ShouldBe(1_234);
    }

    private static Order NewOrder(Action<Order> move)
    {
        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), [new OrderLine(Guid.NewGuid(), 3, new Money(700, "USD"))], PlacedAt);
        move(order);
        return order;
    }

    private async Task<int> CatchUpAsync()
    {
        await using var db = Database.NewContext();
        await using var read = Database.NewReadContext();
        return await ReadModelCatchUp.RunAsync(db, read, CancellationToken.None);
    }

    private async Task ShouldMirrorAsync(Order order)
    {
        var view = await ViewAsync(order.Id);
        view.UserId.ShouldBe(order.UserId);
        view.Status.ShouldBe(order.Status);
        view.Reason.ShouldBe(order.Reason);
        view.TotalAmount.ShouldBe(2_100);
        view.Currency.ShouldBe("USD");
        view.CreatedAtTicks.ShouldBe(order.CreatedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(order.UpdatedAt.UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(order.Lines[0].ProductId, 3, new MoneyView(700, "USD"))]);
    }

    private async Task<OrderView> ViewAsync(Guid orderId)
    {
        await using var db = Database.NewReadContext();
        return await db.OrderViews.AsNoTracking().SingleAsync(v => v.Id == orderId);
    }
}

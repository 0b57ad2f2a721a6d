using Atrium.Ordering.Domain;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Tests.Infrastructure;

public sealed class OrderingDbContextTests
{
    [Fact]
    public async Task SaveChangesAsync_OrderAndSaga_ReadBackAsTheyWere()
    {
        using var database = await OrderingDatabase.CreateAsync();
        var now = new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234);
        OrderLine[] lines = [new(Guid.NewGuid(), 2, new Money(150, "EUR")), new(Guid.NewGuid(), 1, new Money(99, "EUR"))];
        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), lines, now);
        order.Cancel(CancellationReasons.OutOfStock, now.AddSeconds(1));
        var saga = OrderSaga.Start(order.Id, now, TimeSpan.FromSeconds(15));
        saga.RetryLater(now, TimeSpan.FromMilliseconds(250));
        await using (var db = database.NewContext())
        {
            db.Orders.Add(order);
            db.Sagas.Add(saga);
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var storedOrder = await read.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        var storedSaga = await read.Sagas.AsNoTracking().SingleAsync(s => s.OrderId == order.Id);

        storedOrder.Lines.ShouldBe(lines);
        storedOrder.Total.ShouldBe(new Money(399, "EUR"));
        storedOrder.Status.ShouldBe(OrderStatus.Cancelled);
        storedOrder.Reason.ShouldBe(CancellationReasons.OutOfStock);
        storedOrder.CreatedAt.ShouldBe(now);
        storedOrder.UpdatedAt.ShouldBe(now.AddSeconds(1));
        storedSaga.Step.ShouldBe(SagaStep.Reserve);
        storedSaga.Attempts.ShouldBe(1);
        storedSaga.NextAttemptAt.ShouldBe(now.AddMilliseconds(250));
        storedSaga.Deadline.ShouldBe(now.AddSeconds(15));
    }
}

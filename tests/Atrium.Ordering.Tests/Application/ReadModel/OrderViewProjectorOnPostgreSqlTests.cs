using Atrium.Contracts.Events;
using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Domain;
using Microsoft.EntityFrameworkCore;
using EventMoney = Atrium.Contracts.Events.Money;

namespace Atrium.Ordering.Tests.Application.ReadModel;

/// <summary>
/// <see cref="OrderViewProjectorTests"/> on PostgreSQL, where two events of one order can be projected at the same
/// time (their subscriptions run side by side, each transaction on its own connection).
/// </summary>
public sealed class OrderViewProjectorOnPostgreSqlTests : OrderViewProjectorTests
{
    protected override bool OnPostgreSql => true;

    [Fact]
    public async Task HandleAsync_OrderConfirmedWhileItsOrderPlacedIsUncommitted_WaitsForItAndLeavesTheConfirmedView()
    {
        await SaveConfirmedOrderAsync();
        await using var placing = Database.NewReadContext();
        await using var placingOrders = Database.NewContext();
        await using var placingTransaction = await placing.Database.BeginTransactionAsync();
        var placer = new OrderViewProjector(placing, placingOrders, Changes);
        await placer.HandleAsync(Placed(), CancellationToken.None);
        await placer.FlushAsync(CancellationToken.None);
        await placing.SaveChangesAsync();

        // The final event finds no committed view, so it builds one from the order; its insert meets OrderPlaced's.
        var confirming = ProjectInTransactionAsync(new OrderConfirmed(OrderId, UserId, new EventMoney(3_000, "USD")) { OccurredAt = PlacedAt.AddSeconds(2) });
        await WaitForALockWaitAsync(confirming);
        await placingTransaction.CommitAsync();
        await confirming;

        var view = await ViewAsync();
        view!.Status.ShouldBe(OrderStatus.Confirmed);
        view.CreatedAtTicks.ShouldBe(PlacedAt.UtcTicks);
        view.UpdatedAtTicks.ShouldBe(PlacedAt.AddSeconds(2).UtcTicks);
        OrderViewJson.Deserialize(view.LinesJson).ShouldBe([new OrderViewLine(Product, 2, new MoneyView(1_500, "USD"))]);
    }

    private async Task ProjectInTransactionAsync(OrderConfirmed confirmed)
    {
        await using var db = Database.NewReadContext();
        await using var orders = Database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var projector = new OrderViewProjector(db, orders, Changes);
        await projector.HandleAsync(confirmed, CancellationToken.None);
        await projector.FlushAsync(CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>Waits until a session of the test's database waits for a row lock (or <paramref name="confirming"/> ends first).</summary>
    private async Task WaitForALockWaitAsync(Task confirming)
    {
        await using var db = Database.NewReadContext();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString).Database;
        while (!confirming.IsCompleted)
        {
            var waiting = await db.Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = {database} AND wait_event_type = 'Lock'")
                .SingleAsync();
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}

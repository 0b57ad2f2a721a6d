using Atrium.Contracts.Payments.V1;
using Atrium.Payments.Infrastructure;
using Grpc.Core;

namespace Atrium.Payments.Tests.Api;

/// <summary>Concurrent charges and refunds, on SQLite (<see cref="ConcurrencyOnSqliteTests"/>) and on PostgreSQL (<see cref="ConcurrencyOnPostgreSqlTests"/>).</summary>
public abstract class ConcurrencyTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Charge_200ConcurrentForManyUsers_NoLostUpdateOnTheMerchant()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => payments.NewUserAsync()));
        var merchantBefore = (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64();
        var charges = Enumerable.Range(0, 200).Select(i => (Order: $"hot-{Guid.NewGuid():N}", User: users[i % users.Length], Amount: 100L + i)).ToList();

        var started = TimeProvider.System.GetTimestamp();
        var replies = await Task.WhenAll(charges.Select(c => payments.ChargeAsync(c.Order, c.User, c.Amount)));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        replies.ShouldAllBe(r => r.Status == "Captured");
        var summary = await payments.SummaryAsync();
        summary.GetProperty("merchantBalance").GetInt64().ShouldBe(merchantBefore + charges.Sum(c => c.Amount));
        summary.GetProperty("totalBalance").GetInt64().ShouldBe(0);
        foreach (var group in charges.GroupBy(c => c.User))
        {
            (await payments.BalanceAsync(group.Key)).ShouldBe(PaymentsHostFixture.StartingBalance - group.Sum(c => c.Amount));
        }

        // The merchant's side is spread over its sub-accounts, each capture into the one its order id names.
        var credits = await payments.MerchantCreditsAsync("charge:hot-");
        credits.Count.ShouldBe(charges.Count);
        charges.ShouldAllBe(c => credits[c.Order] == SystemAccounts.MerchantShardOf(c.Order));
        credits.Values.Distinct().Count().ShouldBeGreaterThan(1);

        // Only a guard against charges that serialize on something pathological (a lock wait per charge); 200 calls
        // on new connections while other suites share the two cores can come close to 20 s.
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ChargeAndRefund_200ConcurrentCallsForManyUsers_KeepTheBooksBalanced()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => payments.NewUserAsync()));
        var before = await payments.SummaryAsync();
        var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        await payments.SagaAsync("Refund", "DEADLINE_EXCEEDED", ids);
        var orders = ids.Select((id, i) => (Order: id.ToString(), User: users[i % users.Length], Amount: 1_000L + i)).ToList();

        // Each order's charge and refund race: the refund may come first (null compensation, the charge ABORTED).
        var calls = orders.SelectMany(o => new[]
        {
            Outcome(() => payments.ChargeAsync(o.Order, o.User, o.Amount)),
            Outcome(() => payments.RefundAsync(o.Order)),
        });
        var results = await Task.WhenAll(calls);

        results.ShouldAllBe(r => r == "Captured" || r == "Refunded" || r == "NullCompensated" || r == "Aborted");
        var after = await payments.SummaryAsync();
        after.GetProperty("totalBalance").GetInt64().ShouldBe(0);
        // Every refund ran once its charge (if any) was in: nothing stays captured.
        after.GetProperty("merchantBalance").GetInt64().ShouldBe(before.GetProperty("merchantBalance").GetInt64());
        var captured = after.GetProperty("captures").GetInt32() - before.GetProperty("captures").GetInt32();
        var refunded = after.GetProperty("refunds").GetInt32() - before.GetProperty("refunds").GetInt32();
        captured.ShouldBe(refunded);
        captured.ShouldBe(results.Count(r => r == "Refunded"));
        results.Count(r => r == "NullCompensated").ShouldBe(results.Count(r => r == "Aborted"));
        foreach (var user in users)
        {
            (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        }
    }

    private static async Task<string> Outcome(Func<Task<PaymentReply>> call)
    {
        try
        {
            return (await call()).Status;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
        {
            return "Aborted";
        }
    }
}

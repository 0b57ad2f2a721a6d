using Atrium.Chassis.Errors;
using Atrium.Contracts.Events;
using Atrium.Testing;

namespace Atrium.Payments.Tests.Api;

/// <summary>Charge over gRPC, on SQLite (<see cref="ChargeRpcOnSqliteTests"/>) and on PostgreSQL (<see cref="ChargeRpcOnPostgreSqlTests"/>).</summary>
public abstract class ChargeRpcTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Charge_FirstCall_MovesTheAmountToTheMerchantAndAnswersCaptured()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        var merchantBefore = (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64();

        var reply = await payments.ChargeAsync(order, user, 2_500);

        reply.OrderId.ShouldBe(order);
        reply.Status.ShouldBe("Captured");
        reply.Amount.Amount.ShouldBe(2_500);
        reply.Amount.Currency.ShouldBe("USD");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 2_500);
        (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64().ShouldBe(merchantBefore + 2_500);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(2);
    }

    [Fact]
    public async Task Charge_Repeated_AnswersTheSameAndMovesMoneyOnce()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();

        var first = await payments.ChargeAsync(order, user, 700);
        var second = await payments.ChargeAsync(order, user, 700);

        second.ShouldBe(first);
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 700);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(2);
    }

    [Fact]
    public async Task Charge_FiftyConcurrentDuplicates_CapturesOnce()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => payments.ChargeAsync(order, user, 1_234)));

        replies.ShouldAllBe(r => r.Status == "Captured" && r.Amount.Amount == 1_234);
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 1_234);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(2);
    }

    [Fact]
    public async Task Charge_InsufficientFunds_FailsPreconditionEveryTimeAndMovesNothing()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        var merchantBefore = (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64();

        var first = await payments.ChargeAsync(order, user, PaymentsHostFixture.StartingBalance + 1).ShouldFailWithAsync(ErrorCodes.BusinessRuleViolated);
        await payments.ChargeAsync(order, user, PaymentsHostFixture.StartingBalance + 1).ShouldFailWithAsync(ErrorCodes.BusinessRuleViolated);

        first.Status.Detail.ShouldContain("Insufficient funds");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64().ShouldBe(merchantBefore);
        (await payments.LedgerEntriesAsync($"charge:{order}")).ShouldBe(0);
    }

    [Fact]
    public async Task Charge_DeclinedOrderRepeated_StaysRefusedWhileANewOrderCaptures()
    {
        // The refusal is the order's answer for good, as the saga saw it; only a new order can try again.
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        await payments.ChargeAsync(order, user, PaymentsHostFixture.StartingBalance + 1).ShouldFailWithAsync(ErrorCodes.BusinessRuleViolated);

        await payments.ChargeAsync(order, user, PaymentsHostFixture.StartingBalance + 1).ShouldFailWithAsync(ErrorCodes.BusinessRuleViolated);
        (await payments.ChargeAsync(PaymentsHostFixture.NewOrder(), user, PaymentsHostFixture.StartingBalance)).Status.ShouldBe("Captured");
    }

    [Fact]
    public async Task Charge_UnknownUser_NotFoundAndSucceedsOnceTheAccountOpens()
    {
        var user = Guid.NewGuid();
        var order = PaymentsHostFixture.NewOrder();

        await payments.ChargeAsync(order, user, 100).ShouldFailWithAsync(ErrorCodes.NotFound);
        await payments.PublishAsync(new UserRegistered(user, "late@example.com") { OccurredAt = DateTimeOffset.UnixEpoch });
        await Eventually.UntilAsync(async () => await payments.BalanceAsync(user) is not null, "the late account is opened");

        (await payments.ChargeAsync(order, user, 100)).Status.ShouldBe("Captured");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 100);
    }

    [Fact]
    public async Task Charge_OtherCurrency_InvalidArgumentAndMovesNothing()
    {
        var user = await payments.NewUserAsync();

        await payments.ChargeAsync(PaymentsHostFixture.NewOrder(), user, 100, "EUR").ShouldFailWithAsync(ErrorCodes.ValidationFailed);

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Charge_SameOrderWithAnotherAmount_Aborted()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        await payments.ChargeAsync(order, user, 100);

        await payments.ChargeAsync(order, user, 200).ShouldFailWithAsync(ErrorCodes.Conflict);

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 100);
    }

    [Theory]
    [InlineData("", "6f9619ff-8b86-d011-b42d-00c04fc964ff", 100, "USD")]
    [InlineData("o-1", "not-a-guid", 100, "USD")]
    [InlineData("o-1", "6f9619ff-8b86-d011-b42d-00c04fc964ff", 0, "USD")]
    [InlineData("o-1", "6f9619ff-8b86-d011-b42d-00c04fc964ff", 100, "usd")]
    public async Task Charge_MalformedRequest_InvalidArgument(string order, string user, long amount, string currency)
    {
        var call = payments.Rpc.ChargeAsync(new Contracts.Payments.V1.ChargeRequest
        {
            OrderId = order,
            UserId = user,
            Amount = new Contracts.Common.V1.Money { Amount = amount, Currency = currency },
        }).ResponseAsync;

        await call.ShouldFailWithAsync(ErrorCodes.ValidationFailed);
    }
}

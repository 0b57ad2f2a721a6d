using Atrium.Chassis.Errors;
using Atrium.Contracts.Payments.V1;
using Atrium.Payments.Tests.Api;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using CommonMoney = Atrium.Contracts.Common.V1.Money;
using PaymentsClient = Atrium.Contracts.Payments.V1.Payments.PaymentsClient;

namespace Atrium.Payments.Tests.Application;

/// <summary>
/// A refund that would give a capture back, with a valid <c>payments.refund</c> token, goes through only when the real
/// ordering module says the order's saga compensates.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class CompensatedRefundsTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task RefundAsync_ConfirmedInOrderingBeforePaymentsHears_RefusedNotCompensatingAndNothingMoves()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        var order = orderId.ToString();
        await payments.ChargeAsync(order, user, 4_000);
        // Ordering confirmed the order; its OrderConfirmed has not reached payments, so the payment is still Captured.
        await payments.SagaAsync("Done", reason: null, orderId);
        var before = await payments.SummaryAsync();

        var refused = await payments.RefundAsync(order).ShouldFailWithAsync(ErrorCodes.RefundNotCompensating);
        await payments.RefundAsync(order).ShouldFailWithAsync(ErrorCodes.RefundNotCompensating);

        refused.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        (await payments.PaymentStatusAsync(order)).ShouldBe("Captured");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 4_000);
        (await payments.LedgerEntriesAsync($"refund:{order}")).ShouldBe(0);
        (await payments.SummaryAsync()).GetProperty("merchantBalance").GetInt64().ShouldBe(before.GetProperty("merchantBalance").GetInt64());
    }

    [Fact]
    public async Task RefundAsync_SagaStillGoingForward_RefusedNotCompensating()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        await payments.ChargeAsync(orderId.ToString(), user, 1_000);
        await payments.SagaAsync("Confirm", reason: null, orderId);

        await payments.RefundAsync(orderId.ToString()).ShouldFailWithAsync(ErrorCodes.RefundNotCompensating);

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 1_000);
    }

    [Fact]
    public async Task RefundAsync_OrderOrderingDoesNotKnow_RefusedNotCompensating()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        await payments.ChargeAsync(order, user, 1_000);

        await payments.RefundAsync(order).ShouldFailWithAsync(ErrorCodes.RefundNotCompensating);

        (await payments.PaymentStatusAsync(order)).ShouldBe("Captured");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 1_000);
    }

    [Fact]
    public async Task RefundAsync_SagaCancelledTheOrder_GivesTheAmountBack()
    {
        var user = await payments.NewUserAsync();
        var orderId = Guid.NewGuid();
        await payments.ChargeAsync(orderId.ToString(), user, 2_500);
        await payments.SagaAsync("Done", "OUT_OF_STOCK", orderId);

        (await payments.RefundAsync(orderId.ToString())).Status.ShouldBe("Refunded");

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task RefundAsync_OrderingUnreachable_UnavailableAndNothingMovesUntilItAnswers()
    {
        // Nothing listens on the port: every question to ordering is refused at once.
        await using var host = await payments.StartPaymentsAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        using var channel = TestServiceTokens.Channel(host, payments.Tokens, ServiceScopes.Payments);
        var client = new PaymentsClient(channel.CreateInvoker());
        var user = await payments.NewUserAsync(host);
        var order = Guid.NewGuid().ToString();
        await client.ChargeAsync(new ChargeRequest { OrderId = order, UserId = user.ToString(), Amount = new CommonMoney { Amount = 3_000, Currency = "USD" } });

        var error = await Should.ThrowAsync<RpcException>(() => client.RefundAsync(new RefundRequest { OrderId = order }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
        error.GetErrorCode().ShouldBe(ErrorCodes.UpstreamUnavailable.Name);
        (await payments.PaymentStatusAsync(order, host)).ShouldBe("Captured");
        (await payments.BalanceAsync(user, host)).ShouldBe(PaymentsHostFixture.StartingBalance - 3_000);
    }
}

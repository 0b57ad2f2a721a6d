using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.Clients;
using Atrium.Ordering.Tests.Application;

namespace Atrium.Ordering.Tests.Infrastructure.Clients;

/// <summary>The payments client against the real payments module: how each answer reaches the saga.</summary>
[Collection(SagaHostsCollection.Name)]
public sealed class GrpcPaymentsClientTests(SagaHostsFixture hosts)
{
    [Fact]
    public async Task ChargeAsync_NoAccountYet_IsTransientSoTheSagaAsksAgain()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);

        var result = await ordering.Payments.ChargeAsync(Guid.NewGuid(), Guid.NewGuid(), new Money(100, "USD"), CancellationToken.None);

        result.Outcome.ShouldBe(BranchOutcome.Transient);
    }

    [Fact]
    public async Task ChargeAsync_MoreThanTheBalance_IsRefusedInsufficientFunds()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var user = await hosts.NewUserAsync();

        var result = await ordering.Payments.ChargeAsync(Guid.NewGuid(), user, new Money(SagaHostsFixture.StartingBalance + 1, "USD"), CancellationToken.None);

        result.ShouldBe(BranchResult.Refused(CancellationReasons.InsufficientFunds));
        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance);
    }

    [Fact]
    public async Task RefundAsync_AfterACharge_GivesTheMoneyBackOnce()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts);
        var user = await hosts.NewUserAsync();
        var orderId = Guid.NewGuid();
        (await ordering.Payments.ChargeAsync(orderId, user, new Money(4_000, "USD"), CancellationToken.None)).ShouldBe(BranchResult.Ok);
        // The saga turned round (a refused confirm): payments asks ordering, which says so.
        await hosts.SagaAsync(orderId, nameof(SagaStep.Refund), CancellationReasons.OutOfStock);

        (await ordering.Payments.RefundAsync(orderId, CancellationToken.None)).ShouldBe(BranchResult.Ok);

        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance);
        (await hosts.CapturesAsync(orderId)).Captures.ShouldBe(1);
        (await hosts.RefundEntriesAsync(orderId)).ShouldBe(2);
        (await hosts.PaymentStatusAsync(orderId)).ShouldBe("Refunded");
    }

    [Fact]
    public async Task RefundAsync_SettledPayment_IsRefusedForGoodAndMovesNothing()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var user = await hosts.NewUserAsync();
        var orderId = Guid.NewGuid();
        (await ordering.Payments.ChargeAsync(orderId, user, new Money(4_000, "USD"), CancellationToken.None)).ShouldBe(BranchResult.Ok);
        await hosts.SettleAsync(orderId, user, 4_000);

        var result = await ordering.Payments.RefundAsync(orderId, CancellationToken.None);

        result.ShouldBe(BranchResult.Refused(GrpcPaymentsClient.PaymentSettled));
        (await hosts.BalanceAsync(user)).ShouldBe(SagaHostsFixture.StartingBalance - 4_000);
        (await hosts.RefundEntriesAsync(orderId)).ShouldBe(0);
        (await hosts.PaymentStatusAsync(orderId)).ShouldBe("Settled");
    }
}

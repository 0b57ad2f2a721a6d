using Atrium.Chassis.Errors;
using Atrium.Contracts.Ordering.V1;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Tests.Application;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;

namespace Atrium.Ordering.Tests.Api;

/// <summary>
/// <c>atrium.ordering.v1.Sagas</c> on the real ordering module's h2c listener, with service tokens from the real
/// identity module: payments' default client (<c>ordering.sagas.read</c>) is answered from the saved saga record.
/// </summary>
[Collection(SagaHostsCollection.Name)]
public sealed class SagasGrpcServiceTests(SagaHostsFixture hosts)
{
    private async Task<Compensation> AskAsync(Guid orderId)
    {
        using var tokens = new ServiceTokenSource(TestServiceTokens.TokenUrl(hosts.Identity), "payments", File.ReadAllText(hosts.PaymentsSecretFile).Trim());
        using var channel = TestServiceTokens.Channel(hosts.Ordering, tokens, ServiceScopes.Ordering);
        return await new Sagas.SagasClient(channel.CreateInvoker()).GetCompensationAsync(new GetCompensationRequest { OrderId = orderId.ToString() });
    }

    [Theory]
    [InlineData(nameof(SagaStep.Refund), CancellationReasons.OutOfStock)]
    [InlineData(nameof(SagaStep.Release), CancellationReasons.InsufficientFunds)]
    [InlineData(nameof(SagaStep.Done), CancellationReasons.DeadlineExceeded)]
    public async Task GetCompensation_SagaTurnedRound_CompensatingWithItsReason(string step, string reason)
    {
        var orderId = Guid.NewGuid();
        await hosts.SagaAsync(orderId, step, reason);

        var answer = await AskAsync(orderId);

        answer.Compensating.ShouldBeTrue();
        answer.Reason.ShouldBe(reason);
        answer.OrderId.ShouldBe(orderId.ToString());
    }

    [Theory]
    [InlineData(nameof(SagaStep.Charge))]
    [InlineData(nameof(SagaStep.Confirm))]
    [InlineData(nameof(SagaStep.Done))]
    public async Task GetCompensation_SagaGoingForwardOrConfirmed_NotCompensating(string step)
    {
        var orderId = Guid.NewGuid();
        await hosts.SagaAsync(orderId, step, reason: null);

        var answer = await AskAsync(orderId);

        answer.Compensating.ShouldBeFalse();
        answer.Reason.ShouldBe("");
    }

    [Fact]
    public async Task GetCompensation_UnknownOrder_NotFound()
    {
        var error = await Should.ThrowAsync<RpcException>(() => AskAsync(Guid.NewGuid()));

        error.StatusCode.ShouldBe(StatusCode.NotFound);
        error.GetErrorCode().ShouldBe(ErrorCodes.NotFound.Name);
    }

    [Fact]
    public async Task GetCompensation_OrderingsOwnClientHasNoScopeThere_TokenRefused()
    {
        // Ordering's default client holds no scope at the ordering audience: identity issues it no token for it.
        using var tokens = TestServiceTokens.Source(hosts.Identity);
        using var channel = TestServiceTokens.Channel(hosts.Ordering, tokens, ServiceScopes.Ordering);

        var error = await Should.ThrowAsync<RpcException>(() =>
            new Sagas.SagasClient(channel.CreateInvoker()).GetCompensationAsync(new GetCompensationRequest { OrderId = Guid.NewGuid().ToString() }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
    }

    [Fact]
    public async Task GetCompensation_TokenForAnotherAudience_Unauthenticated()
    {
        // A payments token: another audience, refused before any scope is looked at.
        var other = await TestServiceTokens.RequestAsync(hosts.Identity, ServiceScopes.Payments);
        using var channel = GrpcChannels.Create(hosts.Ordering.RpcAddress);

        var error = await Should.ThrowAsync<RpcException>(() => new Sagas.SagasClient(channel.CreateInvoker())
            .GetCompensationAsync(new GetCompensationRequest { OrderId = Guid.NewGuid().ToString() }, TestServiceTokens.Bearer(other)).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }
}

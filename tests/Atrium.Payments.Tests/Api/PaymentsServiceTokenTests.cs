using System.Net;
using Atrium.Chassis.Errors;
using Atrium.Contracts.Payments.V1;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using CommonMoney = Atrium.Contracts.Common.V1.Money;
using PaymentsClient = Atrium.Contracts.Payments.V1.Payments.PaymentsClient;

namespace Atrium.Payments.Tests.Api;

/// <summary>
/// Payments' internal gRPC API checks a service token from identity on every call: audience <c>payments</c>, the
/// method's scope, unexpired, a service token and not a user's; through a channel without credentials, with the token
/// each test chooses.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentsServiceTokenTests(PaymentsHostFixture payments) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannels.Create(payments.Payments.RpcAddress);

    private PaymentsClient Client => new(_channel.CreateInvoker());

    public void Dispose() => _channel.Dispose();

    private static ChargeRequest Charge(string order, Guid user) =>
        new() { OrderId = order, UserId = user.ToString(), Amount = new CommonMoney { Amount = 1_000, Currency = "USD" } };

    private Task<PaymentReply> ChargeAsync(string order, Guid user, string? token) =>
        Client.ChargeAsync(Charge(order, user), token is null ? null : TestServiceTokens.Bearer(token)).ResponseAsync;

    private static async Task<RpcException> RefusedAsync(Func<Task> call, ErrorCode code, string detail)
    {
        var error = await Should.ThrowAsync<RpcException>(call);
        error.StatusCode.ShouldBe(code.GrpcStatus.ToStatusCode());
        error.GetErrorCode().ShouldBe(code.Name);
        error.Status.Detail.ShouldContain(detail);
        return error;
    }

    [Fact]
    public async Task Charge_NoToken_UnauthenticatedAndNothingMoves()
    {
        var user = await payments.NewUserAsync();

        await RefusedAsync(() => ChargeAsync(PaymentsHostFixture.NewOrder(), user, token: null), ErrorCodes.AuthFailed, "service token is required");

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Charge_ExpiredToken_Unauthenticated()
    {
        var user = await payments.NewUserAsync();
        string expired;
        payments.IdentityClock.WallClockOffset = TimeSpan.FromMinutes(-10);
        try
        {
            // Issued ten minutes ago by identity's clock: its five minutes ran out before payments sees it.
            expired = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Payments);
        }
        finally
        {
            payments.IdentityClock.WallClockOffset = TimeSpan.Zero;
        }

        await RefusedAsync(() => ChargeAsync(PaymentsHostFixture.NewOrder(), user, expired), ErrorCodes.AuthFailed, "token expired");

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Charge_TokenForAnotherAudience_Unauthenticated()
    {
        var user = await payments.NewUserAsync();
        var catalogs = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Catalog);

        await RefusedAsync(() => ChargeAsync(PaymentsHostFixture.NewOrder(), user, catalogs), ErrorCodes.AuthFailed, "wrong audience");
    }

    [Fact]
    public async Task Charge_UsersAccessToken_Unauthenticated()
    {
        var user = await payments.NewUserAsync();
        var access = await payments.RegisterAsync($"svc-{Guid.NewGuid():N}@example.com");

        await RefusedAsync(() => ChargeAsync(PaymentsHostFixture.NewOrder(), user, access), ErrorCodes.AuthFailed, "not a service token");

        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
    }

    [Fact]
    public async Task Charge_TokenWithAnAlteredSignature_Unauthenticated()
    {
        var user = await payments.NewUserAsync();
        var token = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Payments);
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        await RefusedAsync(() => ChargeAsync(PaymentsHostFixture.NewOrder(), user, forged), ErrorCodes.AuthFailed, "refused");
    }

    [Fact]
    public async Task Refund_TokenWithOnlyTheChargeScope_PermissionDeniedAndNothingComesBack()
    {
        var user = await payments.NewUserAsync();
        var order = PaymentsHostFixture.NewOrder();
        var chargeOnly = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Payments, ServiceScopes.PaymentsCharge);
        (await ChargeAsync(order, user, chargeOnly)).Status.ShouldBe("Captured");

        await RefusedAsync(
            () => Client.RefundAsync(new RefundRequest { OrderId = order }, TestServiceTokens.Bearer(chargeOnly)).ResponseAsync,
            ErrorCodes.Forbidden,
            "'payments.refund' scope");

        (await payments.PaymentStatusAsync(order)).ShouldBe("Captured");
        (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance - 1_000);
    }

    [Fact]
    public async Task Charge_TokenWithTheChargeScope_Captured()
    {
        var user = await payments.NewUserAsync();
        var token = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Payments, ServiceScopes.PaymentsCharge);

        (await ChargeAsync(PaymentsHostFixture.NewOrder(), user, token)).Status.ShouldBe("Captured");
    }

    [Fact]
    public async Task HealthCheck_NoToken_Serving()
    {
        var health = new Health.HealthClient(_channel.CreateInvoker());

        (await health.CheckAsync(new HealthCheckRequest { Service = "atrium.payments.v1.Payments" })).Status
            .ShouldBe(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task GetAccount_ServiceTokenForPayments_Unauthorized()
    {
        var token = await TestServiceTokens.RequestAsync(payments.Identity, ServiceScopes.Payments);

        using var response = await payments.GetAsync("/api/payments/account", token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

using System.Net;
using System.Net.Sockets;
using Atrium.Chassis.Errors;
using Atrium.Contracts.Payments.V1;
using Atrium.Payments.Tests.Api;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using CommonMoney = Atrium.Contracts.Common.V1.Money;
using PaymentsClient = Atrium.Contracts.Payments.V1.Payments.PaymentsClient;

namespace Atrium.Payments.Tests;

/// <summary>The live keys of <see cref="PaymentsOptions"/> changed in the file of a running payments module and reloaded.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentsOptionsReloadTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task ReloadAsync_ShorterCallTimeout_NextCallToOrderingGivesUpAtIt()
    {
        // Accepted by the kernel, never answered: payments' question before a refund ends at its deadline. The 1 min it
        // starts with is past this test's 30 s deadline on the refund, so only the reloaded 3 s answers in time.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var section = payments.PaymentsSection(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"));
        await using var host = await ModuleTestHost.StartAsync<PaymentsOptions>(
            PaymentsOptions.Section, PaymentsModule.Init, section + "callTimeout: 1m", rpc: true, configFile: true);

        var result = await host.ReloadAsync(section + "callTimeout: 3s");

        result.Succeeded.ShouldBeTrue();
        result.ChangedKeys.ShouldBe(["payments.callTimeout"]);
        using var channel = TestServiceTokens.Channel(host, payments.Tokens, ServiceScopes.Payments);
        var client = new PaymentsClient(channel.CreateInvoker());
        var user = await payments.NewUserAsync(host);
        var order = Guid.NewGuid().ToString();
        await client.ChargeAsync(new ChargeRequest { OrderId = order, UserId = user.ToString(), Amount = new CommonMoney { Amount = 3_000, Currency = "USD" } });

        var error = await Should.ThrowAsync<RpcException>(
            () => client.RefundAsync(new RefundRequest { OrderId = order }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
        error.GetErrorCode().ShouldBe(ErrorCodes.UpstreamUnavailable.Name);
        (await payments.PaymentStatusAsync(order, host)).ShouldBe("Captured");
    }
}

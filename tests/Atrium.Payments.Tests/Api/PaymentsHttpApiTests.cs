using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Payments.Tests.Api;

[Collection(PaymentsCollection.Name)]
public sealed class PaymentsHttpApiTests(PaymentsHostFixture payments)
{
    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task Account_RegisteredUser_ShowsTheStartingBalance()
    {
        var token = await payments.RegisterAsync($"pay-{Guid.NewGuid():N}@example.com");
        HttpResponseMessage? response = null;

        // Registration announces the user through identity's outbox; the account opens shortly after.
        await Eventually.UntilAsync(async () =>
        {
            response?.Dispose();
            response = await payments.GetAsync("/api/payments/account", token);
            return response.StatusCode != HttpStatusCode.NotFound;
        }, "the account is opened");

        using (response)
        {
            response!.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            body.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "balance"]);
            body.GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
            body.GetProperty("balance").GetProperty("amount").GetInt64().ShouldBe(PaymentsHostFixture.StartingBalance);
            body.GetProperty("balance").GetProperty("currency").GetString().ShouldBe("USD");
        }
    }

    [Fact]
    public async Task Account_WithoutToken_Returns401()
    {
        using var response = await payments.GetAsync("/api/payments/account", null);

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Account_ForgedToken_Returns401()
    {
        using var response = await payments.GetAsync("/api/payments/account", "not.a.token");

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Account_NotOpened_Returns404()
    {
        // The bootstrap administrator is created at identity's start without a registration event: no account.
        using var response = await payments.GetAsync("/api/payments/account", payments.AdminToken);

        await ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Summary_Customer_Returns403()
    {
        var token = await payments.RegisterAsync($"cust-{Guid.NewGuid():N}@example.com");

        using var summary = await payments.GetAsync("/api/payments/summary", token);
        using var order = await payments.GetAsync("/api/payments/orders/any", token);

        await ShouldBeProblemAsync(summary, HttpStatusCode.Forbidden, "FORBIDDEN");
        await ShouldBeProblemAsync(order, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Summary_Admin_ShowsTheBooksWithAZeroTotal()
    {
        var user = await payments.NewUserAsync();
        var order = await payments.CompensatingOrderAsync();
        var before = await payments.SummaryAsync();
        await payments.ChargeAsync(order, user, 900);
        await payments.RefundAsync(order);

        var after = await payments.SummaryAsync();

        after.EnumerateObject().Select(p => p.Name).ShouldBe(["totalBalance", "merchantBalance", "accounts", "captures", "refunds", "capturedAmount", "refundedAmount"]);
        after.GetProperty("totalBalance").GetInt64().ShouldBe(0);
        after.GetProperty("accounts").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        (after.GetProperty("captures").GetInt32() - before.GetProperty("captures").GetInt32()).ShouldBe(1);
        (after.GetProperty("refunds").GetInt32() - before.GetProperty("refunds").GetInt32()).ShouldBe(1);
        (after.GetProperty("capturedAmount").GetInt64() - before.GetProperty("capturedAmount").GetInt64()).ShouldBe(900);
        (after.GetProperty("refundedAmount").GetInt64() - before.GetProperty("refundedAmount").GetInt64()).ShouldBe(900);
        after.GetProperty("merchantBalance").GetInt64().ShouldBe(after.GetProperty("capturedAmount").GetInt64() - after.GetProperty("refundedAmount").GetInt64());
    }

    [Fact]
    public async Task Order_Admin_ShowsStatusAndAmount()
    {
        var user = await payments.NewUserAsync();
        var order = $"ord-{Guid.NewGuid():N}";
        await payments.ChargeAsync(order, user, 1_500);

        using var response = await payments.GetAsync($"/api/payments/orders/{order}", payments.AdminToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("orderId").GetString().ShouldBe(order);
        body.GetProperty("status").GetString().ShouldBe("Captured");
        body.GetProperty("amount").GetProperty("amount").GetInt64().ShouldBe(1_500);
        body.GetProperty("amount").GetProperty("currency").GetString().ShouldBe("USD");
    }

    [Fact]
    public async Task Order_Unknown_Returns404()
    {
        using var response = await payments.GetAsync($"/api/payments/orders/nope-{Guid.NewGuid():N}", payments.AdminToken);

        await ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// Orders through the gateway against <c>--target=all</c>: the saga across catalog and payments over gRPC, the
/// invariants I1–I3 under concurrency, idempotency keys, and who may see and do what. The same cases run with every
/// service on SQLite (<see cref="OrderFlowOnSqliteTests"/>) and on PostgreSQL (<see cref="OrderFlowOnPostgreSqlTests"/>).
/// </summary>
public abstract class OrderFlowTests(AtriumAllFixture atrium)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private CommerceApi Api => new(atrium.Http, atrium.Ports.Gateway);

    [Fact]
    public async Task PlaceOrder_200ConcurrentOrdersForStock50_ExactlyTheStockIsConfirmedAndMoneyAddsUp()
    {
        var admin = await Api.AdminTokenAsync();
        const long price = 250;
        var product = await Api.CreateProductAsync(admin, $"I1-{Guid.NewGuid():N}", price, stock: 50);
        var users = await Api.RegisterManyAsync("i1", 20);
        var before = (await Api.PaymentsSummaryAsync(admin))["totalBalance"]!.GetValue<long>();

        // The sum of all balances is sampled while the storm runs: money only moves, it is never made or lost.
        using var sampling = new CancellationTokenSource();
        var samples = new ConcurrentBag<long>();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((await Api.PaymentsSummaryAsync(admin))["totalBalance"]!.GetValue<long>());
                await Task.Delay(20);
            }
        });

        var placed = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => PlaceAsync(users[i % users.Length], product)));
        var final = await Api.WaitForAllFinalAsync(placed, Settle);
        await sampling.CancelAsync();
        await sampler;

        var outcomes = string.Join(", ", final.GroupBy(o => $"{o["status"]} {o["reason"]}").Select(g => $"{g.Key}: {g.Count()}"));
        final.Count(o => o["status"]!.GetValue<string>() == "Confirmed").ShouldBe(50, outcomes);
        final.Where(o => o["status"]!.GetValue<string>() == "Cancelled").ShouldAllBe(o => o["reason"]!.GetValue<string>() == "OUT_OF_STOCK");
        (await Api.ProductAsync(product))["available"]!.GetValue<int>().ShouldBe(0);
        samples.ShouldNotBeEmpty();
        samples.ShouldAllBe(total => total == before);

        // I2/I3: one capture per confirmed order for its total; nothing kept for a cancelled one.
        foreach (var (order, (_, id)) in final.Zip(placed))
        {
            var payment = await Api.PaymentAsync(admin, id);
            if (order["status"]!.GetValue<string>() == "Confirmed")
            {
                payment.ShouldNotBeNull();
                // Settled once payments has seen the order's OrderConfirmed, which follows the confirmation by a moment.
                payment["status"]!.GetValue<string>().ShouldBeOneOf("Captured", "Settled");
                payment["amount"]!["amount"]!.GetValue<long>().ShouldBe(price);
            }
            else
            {
                (payment?["status"]!.GetValue<string>() ?? "none").ShouldBeOneOf("none", "NullCompensated", "Refunded");
            }
        }

        foreach (var token in users)
        {
            var confirmed = (await Api.AllOrdersAsync(token)).Count(o => o["status"]!.GetValue<string>() == "Confirmed");
            (await Api.BalanceAsync(token)).ShouldBe(100_000 - (confirmed * price));
        }
    }

    [Fact]
    public async Task GetOrder_PreferWait_AnswersOnceTheOrderIsFinalOrTheWaitIsOver()
    {
        var admin = await Api.AdminTokenAsync();
        var product = await Api.CreateProductAsync(admin, $"WAIT-{Guid.NewGuid():N}", price: 100, stock: 5);
        var user = await Api.RegisterAsync($"wait-{Guid.NewGuid():N}@example.com");
        var id = await Api.PlaceOrderAcceptedAsync(user, (product, 1));

        // Asked straight after the 202, while the saga runs: an answer is either final, or Pending after the whole
        // wait (a saga slower than 4 s on a busy machine), never Pending early.
        for (var ask = 1; ; ask++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await Api.GetOrderPreferWaitAsync(user, id.ToString(), 4);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>();

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("Preference-Applied").ShouldBe(["wait=4"]);
            if (status == "Confirmed")
            {
                break;
            }

            status.ShouldBe("Pending");
            clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(3.5));
            ask.ShouldBeLessThan(8, "the order never finished");
        }
    }

    [Fact]
    public async Task GetOrder_PreferWaitOnAnUnknownOrder_NotFoundAtOnce()
    {
        var user = await Api.RegisterAsync($"wait-{Guid.NewGuid():N}@example.com");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The longest wait there is, so that a service waiting it out stands apart from a slow answer through a child
        // process on a busy machine.
        using var response = await Api.GetOrderPreferWaitAsync(user, Guid.NewGuid().ToString(), AtriumConfig.OrderingMaxWaitSeconds);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(AtriumConfig.OrderingMaxWaitSeconds / 2));
    }

    [Fact]
    public async Task PlaceOrder_InsufficientFunds_CancelledWithReasonChargeNothingAndStockReleased()
    {
        var admin = await Api.AdminTokenAsync();
        var product = await Api.CreateProductAsync(admin, $"FUNDS-{Guid.NewGuid():N}", price: 60_000, stock: 5);
        var user = await Api.RegisterAsync($"funds-{Guid.NewGuid():N}@example.com");

        var first = await Api.PlaceOrderAcceptedAsync(user, (product, 1));
        (await Api.WaitForFinalAsync(user, first, Settle))["status"]!.GetValue<string>().ShouldBe("Confirmed");
        var second = await Api.PlaceOrderAcceptedAsync(user, (product, 1));
        var cancelled = await Api.WaitForFinalAsync(user, second, Settle);

        cancelled["status"]!.GetValue<string>().ShouldBe("Cancelled");
        cancelled["reason"]!.GetValue<string>().ShouldBe("INSUFFICIENT_FUNDS");
        (await Api.BalanceAsync(user)).ShouldBe(40_000);
        (await Api.ProductAsync(product))["available"]!.GetValue<int>().ShouldBe(4);
        (await Api.PaymentAsync(admin, second))?["status"]!.GetValue<string>().ShouldNotBeOneOf("Captured", "Settled");
    }

    [Fact]
    public async Task PlaceOrder_SameKeyAndBody_ReplaysTheFirstAnswer()
    {
        var user = await Api.RegisterAsync($"replay-{Guid.NewGuid():N}@example.com");
        var key = Guid.NewGuid().ToString();
        var product = Guid.Parse("00000000-0000-0000-0000-000000000002");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await Api.PlaceOrderAsync(user, key, (product, 1));
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            response.Headers.Location.ShouldNotBeNull();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        }));

        answers.Distinct().Count().ShouldBe(1);
        await Api.WaitForFinalAsync(user, answers[0], Settle);
        (await Api.AllOrdersAsync(user)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task PlaceOrder_SameKeyOtherBody_Conflict()
    {
        var user = await Api.RegisterAsync($"conflict-{Guid.NewGuid():N}@example.com");
        var key = Guid.NewGuid().ToString();
        var product = Guid.Parse("00000000-0000-0000-0000-000000000003");
        using (var first = await Api.PlaceOrderAsync(user, key, (product, 1)))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        using var second = await Api.PlaceOrderAsync(user, key, (product, 2));

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        second.Headers.GetValues("X-Error-Code").ShouldBe(["CONFLICT"]);
    }

    [Fact]
    public async Task GetOrder_AnotherUsersOrder_NotFoundAndNotListed()
    {
        var ann = await Api.RegisterAsync($"ann-{Guid.NewGuid():N}@example.com");
        var bob = await Api.RegisterAsync($"bob-{Guid.NewGuid():N}@example.com");
        var order = await Api.PlaceOrderAcceptedAsync(ann, (Guid.Parse("00000000-0000-0000-0000-000000000004"), 1));
        await Api.WaitForFinalAsync(ann, order, Settle);

        var (status, body) = await Api.GetAsync($"/api/orders/{order}", bob);

        status.ShouldBe(HttpStatusCode.NotFound);
        body!["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
        (await Api.AllOrdersAsync(bob)).ShouldBeEmpty();
        (await Api.AllOrdersAsync(ann)).Select(o => o["id"]!.GetValue<Guid>()).ShouldBe([order]);
    }

    [Fact]
    public async Task Orders_WithoutToken_Unauthorized()
    {
        var (list, _) = await Api.GetAsync("/api/orders", token: null);
        var (account, _) = await Api.GetAsync("/api/payments/account", token: "not-a-token");
        using var place = await Api.PlaceOrderAsync("not-a-token", "k", (Guid.NewGuid(), 1));

        list.ShouldBe(HttpStatusCode.Unauthorized);
        account.ShouldBe(HttpStatusCode.Unauthorized);
        place.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        place.Headers.GetValues("X-Error-Code").ShouldBe(["AUTH_FAILED"]);
        place.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task AdminRoutes_CustomerToken_Forbidden()
    {
        var user = await Api.RegisterAsync($"customer-{Guid.NewGuid():N}@example.com");

        using var create = await Api.SendAsync(HttpMethod.Post, "/api/catalog/products", user,
            new { sku = "NOPE-1", name = "n", description = "d", price = new { amount = 1, currency = "USD" }, stock = 1 });
        var (summary, _) = await Api.GetAsync("/api/payments/summary", user);

        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        summary.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PlaceOrder_InvalidBody_ListsEveryField()
    {
        var user = await Api.RegisterAsync($"invalid-{Guid.NewGuid():N}@example.com");
        using var request = await Api.SendAsync(HttpMethod.Post, "/api/orders", user,
            new { items = new object[] { new { productId = Guid.Empty, quantity = 0 }, new { quantity = 5000 } } });

        request.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonNode.Parse(await request.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        errors.Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(
            ["Idempotency-Key", "items[0].productId", "items[0].quantity", "items[1].productId", "items[1].quantity"]);
    }

    [Fact]
    public async Task PlaceOrder_UnknownProduct_ValidationFailedNamingTheLine()
    {
        var user = await Api.RegisterAsync($"unknown-{Guid.NewGuid():N}@example.com");
        using var response = await Api.PlaceOrderAsync(user, Guid.NewGuid().ToString(),
            (Guid.Parse("00000000-0000-0000-0000-000000000001"), 1), (Guid.NewGuid(), 1));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["code"]!.GetValue<string>().ShouldBe("VALIDATION_FAILED");
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["items[1].productId"]);
    }

    private async Task<(string Token, Guid OrderId)> PlaceAsync(string token, Guid product) =>
        (token, await Api.PlaceOrderAcceptedAsync(token, (product, 1)));
}

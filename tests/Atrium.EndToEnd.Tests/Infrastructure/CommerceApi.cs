using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>The public commerce API as a client sees it through the gateway: users, products, orders, accounts.</summary>
internal sealed class CommerceApi(HttpClient http, int gatewayPort)
{
    public const string AdminEmail = "admin@atrium.local";

    private readonly Uri _base = new($"http://127.0.0.1:{gatewayPort}");

    public async Task<string> RegisterAsync(string email, string password = "correct horse battery")
    {
        using (var created = await http.PostAsJsonAsync(new Uri(_base, "/api/identity/users"), new { email, password }))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        return await SignInAsync(email, password);
    }

    /// <summary>
    /// Registers <paramref name="count"/> users a few at a time (password hashing is meant to be slow) and returns their tokens.
    /// </summary>
    public async Task<string[]> RegisterManyAsync(string prefix, int count)
    {
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
            tokens[i] = await RegisterAsync($"{prefix}-{i}-{Guid.NewGuid():N}@example.com"));
        return tokens;
    }

    public async Task<string> SignInAsync(string email, string password)
    {
        using var response = await http.PostAsJsonAsync(new Uri(_base, "/api/identity/token"), new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    public Task<string> AdminTokenAsync() => SignInAsync(AdminEmail, AtriumProcess.AdminPassword);

    public async Task<Guid> CreateProductAsync(string adminToken, string sku, long price, int stock)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/catalog/products", adminToken,
            new { sku, name = sku, description = "test product", price = new { amount = price, currency = "USD" }, stock });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    public async Task<JsonNode> ProductAsync(Guid id)
    {
        using var response = await http.GetAsync(new Uri(_base, $"/api/catalog/products/{id}"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Places an order; the response is the caller's to dispose.</summary>
    public Task<HttpResponseMessage> PlaceOrderAsync(string token, string idempotencyKey, params (Guid ProductId, int Quantity)[] items)
    {
        var request = Request(HttpMethod.Post, "/api/orders", token, new { items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }) });
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    /// <summary>
    /// Places an order and returns its id, retrying with the same key while the system answers 5xx, for up to a minute:
    /// as a client would, it waits out a circuit the gateway opened while a peer was slow (a busy machine, a process
    /// restarting), which a fixed number of quick retries does not.
    /// </summary>
    public async Task<Guid> PlaceOrderAcceptedAsync(string token, params (Guid ProductId, int Quantity)[] items)
    {
        var key = Guid.NewGuid().ToString();
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            using var response = await PlaceOrderAsync(token, key, items);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
            }

            if ((int)response.StatusCode < 500 || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"POST /api/orders answered {(int)response.StatusCode} (attempt {attempt}): {body}");
            }

            await Task.Delay(Math.Min(100 * attempt, 1_000));
        }
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, string? token)
    {
        using var response = await SendAsync(HttpMethod.Get, path, token);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public async Task<JsonNode> OrderAsync(string token, Guid id)
    {
        var (status, body) = await GetAsync($"/api/orders/{id}", token);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    /// <summary>One GET of the order asking the service to wait for it to finish (<c>Prefer: wait=SECONDS</c>).</summary>
    public Task<HttpResponseMessage> GetOrderPreferWaitAsync(string token, string id, int seconds)
    {
        var request = Request(HttpMethod.Get, $"/api/orders/{id}", token, null);
        request.Headers.Add("Prefer", $"wait={seconds}");
        return http.SendAsync(request);
    }

    /// <summary>Polls until the order (as the read model shows it) is Confirmed or Cancelled.</summary>
    public async Task<JsonNode> WaitForFinalAsync(string token, Guid id, TimeSpan timeout)
    {
        // Every 200 ms, not the usual 50: a storm test waits on hundreds of orders at once, and polling each at 20/s
        // would load the machine more than the orders do.
        return await Eventually.ValueAsync(async () =>
        {
            var (status, body) = await GetAsync($"/api/orders/{id}", token);
            return status == HttpStatusCode.OK && body!["status"]!.GetValue<string>() is "Confirmed" or "Cancelled" ? body : null;
        }, $"order {id} to finish", timeout, () => "", TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// Polls each user's order list until every one of <paramref name="orders"/> is Confirmed or Cancelled in it; answers
    /// the orders as listed, in the given order. One request per user and round, so a storm of hundreds of orders is
    /// waited on without loading the machine more than the orders do.
    /// </summary>
    public async Task<JsonNode[]> WaitForAllFinalAsync(IReadOnlyList<(string Token, Guid OrderId)> orders, TimeSpan timeout)
    {
        var final = new ConcurrentDictionary<Guid, JsonNode>();
        await Task.WhenAll(orders.GroupBy(o => o.Token).Select(user => Eventually.UntilAsync(async () =>
        {
            foreach (var order in await AllOrdersAsync(user.Key))
            {
                if (order["status"]!.GetValue<string>() is "Confirmed" or "Cancelled")
                {
                    final[order["id"]!.GetValue<Guid>()] = order;
                }
            }

            return user.All(o => final.ContainsKey(o.OrderId));
        }, $"the {user.Count()} orders of one user to finish", timeout, interval: TimeSpan.FromMilliseconds(200))));
        return [.. orders.Select(o => final[o.OrderId])];
    }

    /// <summary>Every order of the caller, from the read model, all pages.</summary>
    public async Task<List<JsonNode>> AllOrdersAsync(string token)
    {
        var all = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var (status, body) = await GetAsync($"/api/orders?page={page}&pageSize=100", token);
            status.ShouldBe(HttpStatusCode.OK);
            var items = body!["items"]!.AsArray();
            all.AddRange(items.Select(i => i!));
            if (items.Count < 100)
            {
                return all;
            }
        }
    }

    public async Task<long> BalanceAsync(string token)
    {
        var (status, body) = await GetAsync("/api/payments/account", token);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["balance"]!["amount"]!.GetValue<long>();
    }

    public async Task<JsonNode> PaymentsSummaryAsync(string adminToken)
    {
        var (status, body) = await GetAsync("/api/payments/summary", adminToken);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    /// <summary>The payment recorded for an order, or null when payments never heard of it.</summary>
    public async Task<JsonNode?> PaymentAsync(string adminToken, Guid orderId)
    {
        var (status, body) = await GetAsync($"/api/payments/orders/{orderId}", adminToken);
        return status == HttpStatusCode.NotFound ? null : status == HttpStatusCode.OK ? body : throw new InvalidOperationException($"{status}: {body?.ToJsonString()}");
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null) =>
        http.SendAsync(Request(method, path, token, body));

    private HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        return request;
    }
}

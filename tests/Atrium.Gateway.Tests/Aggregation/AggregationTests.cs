using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Aggregation;

/// <summary>
/// An aggregate route over three upstreams on loopback (a profile, an account and an order list, as
/// <c>/api/me/overview</c> composes them): parts fetched in parallel with the caller's token, a slow part cut off by
/// its timeout or by the route's, failing and non-JSON parts marked, and every part failing answered with a stable code.
/// </summary>
public sealed class AggregationTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many slow parts' upstreams saw their request aborted by the gateway.</summary>
    private int _abortedRequests;
    private Upstream _identity = null!;
    private Upstream _payments = null!;
    private Upstream _ordering = null!;
    private GatewayHost _gateway = null!;

    /// <summary>How payments answers <c>/account</c>: ok, slow (never, until disposal), failing, notJson.</summary>
    private volatile string _payment = "ok";

    private volatile string _profile = "ok";

    private volatile string _orders = "ok";

    public async Task InitializeAsync()
    {
        _identity = await Upstream.StartAsync(app => app.MapGet("/users/{id}", (HttpContext context, string id) => AnswerAsync(context, _profile, new
        {
            id,
            authorization = context.Request.Headers.Authorization.ToString(),
        })));
        _payments = await Upstream.StartAsync(app => app.MapGet("/account", (HttpContext context) => AnswerAsync(context, _payment, new
        {
            balance = 120.5,
            authorization = context.Request.Headers.Authorization.ToString(),
        })));
        _ordering = await Upstream.StartAsync(app => app.MapGet("/orders", (HttpContext context) => AnswerAsync(context, _orders, new
        {
            pageSize = context.Request.Query["pageSize"].ToString(),
            authorization = context.Request.Headers.Authorization.ToString(),
        })));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - id: overview
                match: { path: "/api/users/{id}/overview", methods: [GET] }
                cluster: identity
                aggregate:
                  parts:
                    - { name: me, path: "/users/{id}" }
                    - { name: account, cluster: payments, path: /account, timeout: 2s }
                    - { name: orders, cluster: ordering, path: "/orders?pageSize=5" }
            clusters:
              identity: { endpoints: ["{{_identity.Address}}"] }
              payments: { endpoints: ["{{_payments.Address}}"] }
              ordering: { endpoints: ["{{_ordering.Address}}"] }
            """);
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _gateway.DisposeAsync();
        await _identity.DisposeAsync();
        await _payments.DisposeAsync();
        await _ordering.DisposeAsync();
    }

    [Fact]
    public async Task Get_AllPartsAnswer_OneObjectWithEveryPartAndTheTokenForwarded()
    {
        using var response = await GetAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        root.GetProperty("me").GetProperty("id").GetString().ShouldBe("42");
        root.GetProperty("account").GetProperty("balance").GetDouble().ShouldBe(120.5);
        root.GetProperty("orders").GetProperty("pageSize").GetString().ShouldBe("5");
        foreach (var part in new[] { "me", "account", "orders" })
        {
            root.GetProperty(part).GetProperty("authorization").GetString().ShouldBe("Bearer caller-token");
        }

        root.TryGetProperty("_partial", out _).ShouldBeFalse();
        root.TryGetProperty("errors", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("slow", "UPSTREAM_TIMEOUT")]
    [InlineData("failing", "NOT_READY")]
    [InlineData("crashing", "INTERNAL")]
    [InlineData("notJson", "UPSTREAM_PROTOCOL_ERROR")]
    public async Task Get_OnePartFails_200WithThePartMarked(string mode, string code)
    {
        _payment = mode;

        using var response = await GetAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        root.GetProperty("me").GetProperty("id").GetString().ShouldBe("42");
        root.GetProperty("orders").GetProperty("pageSize").GetString().ShouldBe("5");
        root.GetProperty("account").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("_partial").EnumerateArray().Select(e => e.GetString()).ShouldBe(["account"]);
        root.GetProperty("errors").GetProperty("account").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task Get_EveryPartFails_502AggregateFailedNamingEachPart()
    {
        (_profile, _payment, _orders) = ("failing", "notJson", "slow");

        using var response = await GetAsync();

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.BadGateway, "AGGREGATE_FAILED");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        detail.ShouldBe("Every part failed: me NOT_READY, account UPSTREAM_PROTOCOL_ERROR, orders UPSTREAM_TIMEOUT.");
    }

    [Fact]
    public async Task Get_EveryPartTimesOut_504UpstreamTimeout()
    {
        (_profile, _payment, _orders) = ("slow", "slow", "slow");

        using var response = await GetAsync();

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.GatewayTimeout, "UPSTREAM_TIMEOUT");
    }

    [Fact]
    public async Task Get_RouteTimeoutExpiresBeforeTheSlowPart_200WithThePartMarkedAndItsRequestAborted()
    {
        await using var gateway = await StartWithRouteTimeoutAsync();
        _payment = "slow";

        using var response = await GetAsync(gateway);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        root.GetProperty("me").GetProperty("id").GetString().ShouldBe("42");
        root.GetProperty("account").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("errors").GetProperty("account").GetString().ShouldBe("UPSTREAM_TIMEOUT");
        await Eventually.UntilAsync(() => Volatile.Read(ref _abortedRequests) == 1, "the slow part's upstream to see its request aborted", diagnostics: Aborted);
    }

    [Fact]
    public async Task Get_RouteTimeoutExpiresBeforeEveryPart_504UpstreamTimeoutAndTheRequestsAborted()
    {
        await using var gateway = await StartWithRouteTimeoutAsync();
        (_profile, _payment) = ("slow", "slow");

        using var response = await GetAsync(gateway);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.GatewayTimeout, "UPSTREAM_TIMEOUT");
        await Eventually.UntilAsync(() => Volatile.Read(ref _abortedRequests) == 2, "both parts' upstreams to see their requests aborted", diagnostics: Aborted);
    }

    /// <summary>
    /// A gateway whose route times out long before its parts would (without the route's timeout the client's own 30 s
    /// limit ends the request instead), once both parts answered it in full: a slow part's request then goes out on a
    /// warm connection and reaches its upstream before the route's timeout cancels it.
    /// </summary>
    private async Task<GatewayHost> StartWithRouteTimeoutAsync()
    {
        var gateway = await GatewayHost.StartAsync($$"""
        routes:
          - id: overview
            match: { path: "/api/users/{id}/overview", methods: [GET] }
            cluster: identity
            timeout: 1s
            aggregate:
              parts:
                - { name: me, path: "/users/{id}", timeout: 10m }
                - { name: account, cluster: payments, path: /account, timeout: 10m }
        clusters:
          identity: { endpoints: ["{{_identity.Address}}"] }
          payments: { endpoints: ["{{_payments.Address}}"] }
        """);
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    using var response = await GetAsync(gateway);
                    return response.StatusCode == HttpStatusCode.OK && !(await response.Content.ReadAsStringAsync()).Contains("_partial", StringComparison.Ordinal);
                },
                "both parts to answer within the route's timeout");
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private string Aborted() => $"{Volatile.Read(ref _abortedRequests)} aborted";

    private Task<HttpResponseMessage> GetAsync() => GetAsync(_gateway);

    private static async Task<HttpResponseMessage> GetAsync(GatewayHost gateway)
    {
        using var client = gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/42/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-token");
        return await client.SendAsync(request);
    }

    private async Task AnswerAsync(HttpContext context, string mode, object body)
    {
        switch (mode)
        {
            case "slow":
                await _release.Task.WaitAsync(context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                if (context.RequestAborted.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _abortedRequests);
                }

                return;
            case "failing":
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers["X-Error-Code"] = "NOT_READY";
                await context.Response.WriteAsJsonAsync(new { code = "NOT_READY" });
                return;
            case "crashing":
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case "notJson":
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>maintenance</html>");
                return;
            default:
                await context.Response.WriteAsJsonAsync(body);
                return;
        }
    }
}

using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.RateLimiting;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Upstream? _upstream;

    public async Task InitializeAsync() =>
        _upstream = await Upstream.StartAsync(app =>
        {
            app.MapGet("/slow", async () =>
            {
                _slowStarted.TrySetResult();
                await _releaseSlow.Task;
                return "slow";
            });
            app.Map("/{**path}", EchoResponse.Write);
        });

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task OverLimit_Answers429_WithRetryAfterAndRateLimitHeaders()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ algorithm: slidingWindow, limit: 2, window: 10s }"));
        using var client = gateway.Client();

        (await client.GetAsync("/limited")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/limited")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var refused = await client.GetAsync("/limited");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("X-Error-Code").ShouldBe(["RATE_LIMITED"]);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(1, 10);
        refused.Headers.GetValues("RateLimit-Limit").ShouldBe(["2"]);
        refused.Headers.GetValues("RateLimit-Remaining").ShouldBe(["0"]);
        refused.Headers.GetValues("RateLimit-Reset").ShouldBe([retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        refused.Headers.GetValues("RateLimit-Policy").ShouldBe(["2;w=10"]);
        (await client.GetAsync("/free")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HeaderKey_CountsEachValueSeparately()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 1, window: 1m, key: header, header: x-tenant }"));
        using var client = gateway.Client();

        (await Send(client, "a")).ShouldBe(HttpStatusCode.OK);
        (await Send(client, "a")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(client, "b")).ShouldBe(HttpStatusCode.OK);

        static async Task<HttpStatusCode> Send(HttpClient client, string tenant)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
            request.Headers.Add("x-tenant", tenant);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task ClientIpKey_FromTrustedProxy_CountsEachForwardedClientSeparately()
    {
        // The test client is on 127.0.0.1, here a trusted proxy: the key is the nearest untrusted X-Forwarded-For
        // entry, so whatever a client wrote to the left of it never buys a fresh budget.
        await using var gateway = await GatewayHost.StartAsync("trustedProxies: [\"127.0.0.1\", \"10.0.0.0/8\"]\n" + Config("{ limit: 1, window: 1m }"));
        using var client = gateway.Client();

        (await Send(client, "203.0.113.1")).ShouldBe(HttpStatusCode.OK);
        (await Send(client, "203.0.113.1")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(client, "198.51.100.9, 203.0.113.1")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(client, "203.0.113.1, 10.1.2.3")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(client, "203.0.113.2")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClientIpKey_Ipv6_CountsTheSlash64()
    {
        // An IPv6 client can pick a new address in its /64 for every request; the budget is the prefix's.
        await using var gateway = await GatewayHost.StartAsync("trustedProxies: [\"127.0.0.1\"]\n" + Config("{ limit: 1, window: 1m }"));
        using var client = gateway.Client();

        (await Send(client, "2001:db8:1:2::1")).ShouldBe(HttpStatusCode.OK);
        (await Send(client, "2001:db8:1:2:ffff:ffff:ffff:ffff")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(client, "2001:db8:1:3::1")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClientIpKey_FromUntrustedPeer_IgnoresForwardedFor()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 1, window: 1m }"));
        using var client = gateway.Client();

        (await Send(client, "203.0.113.1")).ShouldBe(HttpStatusCode.OK);
        (await Send(client, "203.0.113.2")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Reload_ChangedLimitAppliesWithoutRestart_UnchangedLimiterKeepsItsCount()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 2, window: 1m }", other: "{ limit: 1, window: 1m }"), fromFile: true);
        using var client = gateway.Client();
        using var admin = gateway.AdminClient();
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync("/limited")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await client.GetAsync("/limited")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/other")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await gateway.WriteConfigAsync(Config("{ limit: 5, window: 1m }", other: "{ limit: 1, window: 1m }"));
        (await admin.PostAsync("/admin/reload", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/limited")).StatusCode);
        }

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(5);
        statuses[^1].ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/other")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task GlobalConcurrencyLimit_ShedsWithFast503Overloaded()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 1000 }", globalLimit: 1));
        using var client = gateway.Client();
        var slow = client.GetAsync("/slow");
        // Held at the upstream until released below, so the gateway has one request in flight for as long as needed.
        await _slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        using (var shed = await client.GetAsync("/free"))
        {
            shed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            shed.Headers.GetValues("X-Error-Code").Single().ShouldBe("OVERLOADED");
        }

        // Shed without waiting for the slot: the request holding it is still held. The bound catches a shed that
        // waits out some timer instead, with room for a new connection on a slow machine.
        slow.IsCompleted.ShouldBeFalse();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        _releaseSlow.SetResult();
        (await slow).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/free")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private string Config(string limit, string? other = null, int globalLimit = 0) => $$"""
        globalConcurrencyLimit: {{globalLimit}}
        routes:
          - { id: limited, match: { path: "/limited" }, cluster: echo, rateLimit: {{limit}} }
          - { id: other, match: { path: "/other" }, cluster: echo, rateLimit: {{other ?? "{ limit: 1000 }"}} }
          - { id: free, match: { path: "/free" }, cluster: echo }
          - { id: slow, match: { path: "/slow" }, cluster: echo }
        clusters:
          echo: { endpoints: ["{{_upstream!.Address}}"] }
        """;
}

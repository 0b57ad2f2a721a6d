using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.RateLimiting;

/// <summary>
/// <c>rateLimit.store: redis</c> against a real <c>redis-server</c>: gateways share one limit, count admitted requests
/// (not rates, so the machine's speed does not matter: the windows outlast the test), and fall back to local limits
/// while Redis is gone.
/// </summary>
public sealed class RedisRateLimitTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private RedisServer? _redis;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        _redis = await RedisServer.StartNewAsync(password: "redis-test-secret");
    }

    public async Task DisposeAsync()
    {
        await _upstream!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    [Theory]
    [InlineData("slidingWindow")]
    [InlineData("tokenBucket")]
    public async Task TwoGateways_SharedLimit_AdmitExactlyTheLimitBetweenThem(string algorithm)
    {
        // 1 day: a token bucket refills one token every 864 s, so none during the test.
        // 3 replicas: gateways deciding on their own would admit 33 each.
        var config = Config($"{{ algorithm: {algorithm}, limit: 100, window: 1d, store: redis, key: header, header: x-tenant }}", replicas: 3);
        await using var first = await GatewayHost.StartAsync(config);
        await using var second = await GatewayHost.StartAsync(config);

        var admitted = await Task.WhenAll(SendAsync(first, "shared", 100), SendAsync(second, "shared", 100));

        admitted.Sum().ShouldBe(100);
        (await SendAsync(first, "other", 1)).ShouldBe(1);
    }

    [Fact]
    public async Task RedisStopped_FallsBackToLimitOverReplicas_AndSharesAgainWhenBack()
    {
        var config = Config("{ algorithm: slidingWindow, limit: 100, window: 1d, store: redis, key: header, header: x-tenant }");
        await using var first = await GatewayHost.StartAsync(config);
        await using var second = await GatewayHost.StartAsync(config);
        using var admin = first.AdminClient();
        (await SendAsync(first, "before", 10)).ShouldBe(10);
        (await ReadinessAsync(admin)).Status.ShouldBe("Healthy");

        await _redis!.StopAsync();

        // Redis is gone: each gateway admits limit / replicas = 50 on its own.
        (await SendAsync(first, "outage", 80)).ShouldBe(50);
        var (status, detail) = await ReadinessAsync(admin);
        status.ShouldBe("Degraded");
        detail.ShouldContain("rate limits are local, divided by 2 replicas");
        using (var routes = JsonDocument.Parse(await admin.GetStringAsync("/admin/routes")))
        {
            var limit = routes.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "limited")
                .GetProperty("policies").GetProperty("rateLimit");
            limit.GetProperty("redisUp").GetBoolean().ShouldBeFalse();
            limit.GetProperty("localLimit").GetInt32().ShouldBe(50);
        }

        // Back, empty and without the scripts (NOSCRIPT): requests bring each gateway back to it once it answers.
        await _redis.StartAsync();
        await Eventually.UntilAsync(async () => await SendAsync(first, "probe", 1) >= 0 && (await ReadinessAsync(admin)).Status == "Healthy",
            "the first gateway to find Redis back");
        using var secondAdmin = second.AdminClient();
        await Eventually.UntilAsync(async () => await SendAsync(second, "probe", 1) >= 0 && (await ReadinessAsync(secondAdmin)).Status == "Healthy",
            "the second gateway to find Redis back");

        var admitted = await Task.WhenAll(SendAsync(first, "after", 100), SendAsync(second, "after", 100));
        admitted.Sum().ShouldBe(100);
    }

    [Fact]
    public async Task Readyz_RedisStoppedAndStartedWithNoRequest_ReportsTheStoreDownThenUp()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 10, store: redis }"));
        using var admin = gateway.AdminClient();
        await Eventually.UntilAsync(async () => (await ReadinessAsync(admin)).Status == "Healthy", "the store to find Redis up");

        await _redis!.StopAsync();

        var detail = await Eventually.ValueAsync(
            async () => await ReadinessAsync(admin) is { Status: "Degraded", Detail: var degraded } ? degraded : null,
            "the store to find Redis gone without a request");
        detail.ShouldContain("rate limits are local, divided by 2 replicas");

        await _redis.StartAsync();

        await Eventually.UntilAsync(async () => (await ReadinessAsync(admin)).Status == "Healthy", "the store to find Redis back without a request");
    }

    [Fact]
    public async Task AdminConfig_RedisPassword_IsRedacted()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ limit: 10, store: redis }"));
        using var admin = gateway.AdminClient();

        var config = await admin.GetStringAsync("/admin/config");

        config.ShouldNotContain("redis-test-secret");
        config.ShouldContain(_redis!.Endpoint);
    }

    private static async Task<int> SendAsync(GatewayHost gateway, string tenant, int count)
    {
        using var client = gateway.Client();
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
            request.Headers.Add("x-tenant", tenant);
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                admitted++;
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            }
        }

        return admitted;
    }

    private static async Task<(string Status, string Detail)> ReadinessAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/readyz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var check = json.RootElement.GetProperty("checks").GetProperty("gateway-rate-limit-store");
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }

    private string Config(string limit, int replicas = 2) => $$"""
        redis:
          endpoints: ["{{_redis!.Endpoint}}"]
          password: "redis-test-secret"
          replicas: {{replicas}}
          retryInterval: 100ms
          # The longest Redis may take: a decision that waits longer is made locally (limit / replicas), and on a
          # busy machine the default 250ms made these counts depend on its speed.
          timeout: 10s
          keyPrefix: "test-{{Guid.NewGuid():N}}:"
        routes:
          - { id: limited, match: { path: "/limited" }, cluster: echo, rateLimit: {{limit}} }
        clusters:
          echo: { endpoints: ["{{_upstream!.Address}}"] }
        """;
}

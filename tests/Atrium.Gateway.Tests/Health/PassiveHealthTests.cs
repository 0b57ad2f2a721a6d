using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Health;

public sealed class PassiveHealthTests : TwoUpstreamTests
{
    private static readonly TimeSpan BaseEjection = TimeSpan.FromSeconds(30);

    /// <summary>Real time the test has, after skipping to just before an ejection ends, to see it still ejected.</summary>
    private static readonly TimeSpan ReturnMargin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConsecutiveServerErrors_EjectThenReturnAfterEjectionTime_LongerOnRepeat()
    {
        var clock = new SkippableClock();
        await using var gateway = await StartAsync(time: clock);
        using var client = gateway.Client();

        A.Status = 500;
        var before = clock.GetUtcNow();
        await SendAsync(client, 6);
        A.Hits.ShouldBe(3);
        await EjectedAsync(gateway);
        var until = EjectedUntil(await EndpointAsync(gateway));
        // Ejected at the third failure: after the first send, before the state read.
        until.ShouldBeInRange(before + BaseEjection, clock.GetUtcNow() + BaseEjection);

        await SendAsync(client, 10);
        A.Hits.ShouldBe(3);

        A.Status = 200;
        // Until shortly before the end, the endpoint stays out...
        clock.Skip(Max(TimeSpan.Zero, until - clock.GetUtcNow() - ReturnMargin));
        (await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address)).ShouldBe("ejected");
        // ...and past the end it returns.
        clock.Skip(ReturnMargin);
        await Eventually.UntilAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "healthy", "A is healthy again");
        await SendAsync(client, 10);
        A.Hits.ShouldBe(8);

        A.Status = 500;
        before = clock.GetUtcNow();
        await SendAsync(client, 6);
        await EjectedAsync(gateway);
        var after = clock.GetUtcNow();
        var endpoint = await EndpointAsync(gateway);
        endpoint.GetProperty("ejections").GetInt32().ShouldBe(2);
        // The second ejection lasts twice as long.
        EjectedUntil(endpoint).ShouldBeInRange(before + (2 * BaseEjection), after + (2 * BaseEjection));
    }

    [Fact]
    public async Task ConnectFailures_EjectTheDeadEndpoint()
    {
        var dead = FreePort.ClosedAddress();
        await using var gateway = await StartAsync(dead);
        using var client = gateway.Client();

        for (var i = 0; i < 6; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        await Eventually.UntilAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", dead) == "ejected", "the dead endpoint is ejected");
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task EveryEndpointFailing_OnlyMaxEjectedPercentEjected()
    {
        await using var gateway = await StartAsync();
        using var client = gateway.Client();

        A.Status = 500;
        B.Status = 500;
        await SendAsync(client, 20);

        var endpoints = (await AdminClusters.ClusterAsync(gateway, "pair")).GetProperty("endpoints").EnumerateArray()
            .Select(e => e.GetProperty("state").GetString()).ToList();
        endpoints.Count(s => s == "ejected").ShouldBe(1);
    }

    [Fact]
    public async Task OnlyEndpointFailing_NotEjected_AnswersAgainOnceItRecovers()
    {
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: single }
            clusters:
              single:
                endpoints: ["{{A.Address}}"]
                circuitBreaker: { enabled: false }
                healthCheck:
                  passive: { consecutiveFailures: 3, baseEjectionTime: 1m, maxEjectionTime: 5m, maxEjectedPercent: 100 }
            """);
        using var client = gateway.Client();

        A.Status = 500;
        await SendAsync(client, 10);
        A.Hits.ShouldBe(10);
        (await AdminClusters.EndpointStateAsync(gateway, "single", A.Address)).ShouldBe("healthy");

        A.Status = 200;
        using var response = await client.GetAsync("/x");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OtherEndpointEjected_FailingLastOneNotEjected()
    {
        var dead = FreePort.ClosedAddress();
        await using var gateway = await StartAsync(dead, maxEjectedPercent: 100);
        using var client = gateway.Client();

        // The dead endpoint is ejected first; B is then the last one in rotation and keeps its traffic.
        await SendAsync(client, 6);
        await Eventually.UntilAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", dead) == "ejected", "the dead endpoint is ejected");
        B.Status = 500;
        var hits = B.Hits;
        await SendAsync(client, 10);
        (B.Hits - hits).ShouldBe(10);
        (await AdminClusters.EndpointStateAsync(gateway, "pair", B.Address)).ShouldBe("healthy");
    }

    /// <summary>
    /// The tests look at an ejected endpoint for as long as they like: the ejection lasts far longer than a slow machine
    /// takes for their requests, and the test that sees one end skips the gateway's clock past it.
    /// </summary>
    private async Task<GatewayHost> StartAsync(string? first = null, int maxEjectedPercent = 50, TimeProvider? time = null) =>
        await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: pair }
            clusters:
              pair:
                endpoints: ["{{first ?? A.Address}}", "{{B.Address}}"]
                loadBalancing: { policy: roundRobin }
                circuitBreaker: { enabled: false }
                healthCheck:
                  passive: { consecutiveFailures: 3, baseEjectionTime: 30s, maxEjectionTime: 5m, maxEjectedPercent: {{maxEjectedPercent}} }
            """, time: time);

    private Task EjectedAsync(GatewayHost gateway) =>
        Eventually.UntilAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "ejected", "A is ejected");

    private async Task<JsonElement> EndpointAsync(GatewayHost gateway) =>
        (await AdminClusters.ClusterAsync(gateway, "pair")).GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("address").GetString() == A.Address);

    private static DateTimeOffset EjectedUntil(JsonElement endpoint) => endpoint.GetProperty("ejectedUntil").GetDateTimeOffset();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task SendAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }
    }
}

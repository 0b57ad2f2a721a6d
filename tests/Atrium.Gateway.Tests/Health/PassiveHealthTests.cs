using System.Net;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Health;

public sealed class PassiveHealthTests : TwoUpstreamTests
{
    [Fact]
    public async Task ConsecutiveServerErrors_EjectThenReturnAfterEjectionTime_LongerOnRepeat()
    {
        await using var gateway = await StartAsync();
        using var client = gateway.Client();

        A.Status = 500;
        await SendAsync(client, 6);
        A.Hits.ShouldBe(3);
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "ejected", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();

        await SendAsync(client, 10);
        A.Hits.ShouldBe(3);

        A.Status = 200;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "healthy", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();
        await SendAsync(client, 10);
        A.Hits.ShouldBe(8);

        // A second ejection lasts twice as long.
        A.Status = 500;
        await SendAsync(client, 6);
        var endpoint = (await AdminClusters.ClusterAsync(gateway, "pair")).GetProperty("endpoints")[0];
        endpoint.GetProperty("state").GetString().ShouldBe("ejected");
        endpoint.GetProperty("ejections").GetInt32().ShouldBe(2);
        (endpoint.GetProperty("ejectedUntil").GetDateTimeOffset() - DateTimeOffset.UtcNow).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(1500));
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

        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", dead) == "ejected", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();
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
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", dead) == "ejected", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();
        B.Status = 500;
        var hits = B.Hits;
        await SendAsync(client, 10);
        (B.Hits - hits).ShouldBe(10);
        (await AdminClusters.EndpointStateAsync(gateway, "pair", B.Address)).ShouldBe("healthy");
    }

    private async Task<GatewayHost> StartAsync(string? first = null, int maxEjectedPercent = 50) =>
        await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: pair }
            clusters:
              pair:
                endpoints: ["{{first ?? A.Address}}", "{{B.Address}}"]
                loadBalancing: { policy: roundRobin }
                circuitBreaker: { enabled: false }
                healthCheck:
                  passive: { consecutiveFailures: 3, baseEjectionTime: 1s, maxEjectionTime: 5s, maxEjectedPercent: {{maxEjectedPercent}} }
            """);

    private static async Task SendAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }
    }
}

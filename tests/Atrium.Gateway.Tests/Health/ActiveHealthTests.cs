using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Health;

public sealed class ActiveHealthTests : TwoUpstreamTests
{
    [Fact]
    public async Task Probes_EndpointFailsHealthz_MarkedDownThenUpAgain()
    {
        await using var gateway = await StartAsync($"\"{A.Address}\", \"{B.Address}\"");
        using var client = gateway.Client();

        A.Healthy = false;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "unhealthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        var hits = A.Hits;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.Headers.GetValues("X-Upstream").Single().ShouldBe("b");
        }

        A.Hits.ShouldBe(hits);

        A.Healthy = true;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "healthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        A.Hits.ShouldBe(hits + 5);
    }

    [Fact]
    public async Task Probes_EveryEndpointDown_FastUpstreamUnavailable()
    {
        await using var gateway = await StartAsync($"\"{A.Address}\"");
        using var client = gateway.Client();

        A.Healthy = false;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == "unhealthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/x");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("X-Error-Code").Single().ShouldBe("UPSTREAM_UNAVAILABLE");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        A.Hits.ShouldBe(0);
    }

    private static Task<GatewayHost> StartAsync(string endpoints) =>
        GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: pair }
            clusters:
              pair:
                endpoints: [{{endpoints}}]
                loadBalancing: { policy: roundRobin }
                healthCheck:
                  active: { enabled: true, interval: 100ms, timeout: 100ms, healthyThreshold: 2, unhealthyThreshold: 2 }
                  passive: { enabled: false }
            """);
}

using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Health;

public sealed class ActiveHealthTests : IAsyncLifetime
{
    private NamedUpstream _a = null!;
    private NamedUpstream _b = null!;

    public async Task InitializeAsync()
    {
        _a = await NamedUpstream.StartAsync("a");
        _b = await NamedUpstream.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Probes_EndpointFailsHealthz_MarkedDownThenUpAgain()
    {
        await using var gateway = await StartAsync($"\"{_a.Address}\", \"{_b.Address}\"");
        using var client = gateway.Client();

        _a.Healthy = false;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", _a.Address) == "unhealthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        var hits = _a.Hits;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.Headers.GetValues("X-Upstream").Single().ShouldBe("b");
        }

        _a.Hits.ShouldBe(hits);

        _a.Healthy = true;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", _a.Address) == "healthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        _a.Hits.ShouldBe(hits + 5);
    }

    [Fact]
    public async Task Probes_EveryEndpointDown_FastUpstreamUnavailable()
    {
        await using var gateway = await StartAsync($"\"{_a.Address}\"");
        using var client = gateway.Client();

        _a.Healthy = false;
        (await Eventually.TrueAsync(async () => await AdminClusters.EndpointStateAsync(gateway, "pair", _a.Address) == "unhealthy", TimeSpan.FromSeconds(10)))
            .ShouldBeTrue();
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/x");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("X-Error-Code").Single().ShouldBe("UPSTREAM_UNAVAILABLE");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        _a.Hits.ShouldBe(0);
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

using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Health;

/// <summary>
/// Probe rounds come when a test skips the gateway's clock ahead by the interval, and a probe times out only after the
/// same minute of real time: a slow machine can neither fail a probe by timeout nor run rounds the test did not ask for.
/// </summary>
public sealed class ActiveHealthTests : TwoUpstreamTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly SkippableClock _clock = new();

    [Fact]
    public async Task Probes_EndpointFailsHealthz_MarkedDownThenUpAgain()
    {
        await using var gateway = await StartAsync($"\"{A.Address}\", \"{B.Address}\"");
        using var client = gateway.Client();

        A.Healthy = false;
        await ProbeUntilAsync(gateway, "unhealthy");
        var hits = A.Hits;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.Headers.GetValues("X-Upstream").Single().ShouldBe("b");
        }

        A.Hits.ShouldBe(hits);

        A.Healthy = true;
        await ProbeUntilAsync(gateway, "healthy");
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
        await ProbeUntilAsync(gateway, "unhealthy");
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/x");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("X-Error-Code").Single().ShouldBe("UPSTREAM_UNAVAILABLE");
        // Answered without waiting for an endpoint to come back (none will); the bound leaves room for a cold connection.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        A.Hits.ShouldBe(0);
    }

    /// <summary>Runs probe rounds, one interval skip at a time, until A reads <paramref name="state"/>.</summary>
    private Task ProbeUntilAsync(GatewayHost gateway, string state) =>
        Eventually.UntilAsync(async () =>
        {
            if (await AdminClusters.EndpointStateAsync(gateway, "pair", A.Address) == state)
            {
                return true;
            }

            _clock.Skip(Interval);
            return false;
        }, $"A reads {state}");

    private Task<GatewayHost> StartAsync(string endpoints) =>
        GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: pair }
            clusters:
              pair:
                endpoints: [{{endpoints}}]
                loadBalancing: { policy: roundRobin }
                healthCheck:
                  active: { enabled: true, interval: 1m, timeout: 1m, healthyThreshold: 2, unhealthyThreshold: 2 }
                  passive: { enabled: false }
            """, time: _clock);
}

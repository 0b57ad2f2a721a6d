using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Resilience;

public sealed class ConcurrencyLimitTests
{
    [Fact]
    public async Task OverTheCap_Overloaded_WithoutReachingUpstream()
    {
        await using var upstream = await NamedUpstream.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: capped }
            clusters:
              capped:
                endpoints: ["{{upstream.Address}}"]
                maxConcurrentRequests: 2
            """);
        using var client = gateway.Client();

        var slow1 = client.GetAsync("/slow");
        var slow2 = client.GetAsync("/slow");
        await Eventually.UntilAsync(() => upstream.InFlight == 2, "both requests reach the upstream");
        (await AdminClusters.ClusterAsync(gateway, "capped")).GetProperty("activeRequests").GetInt64().ShouldBe(2);

        using (var refused = await client.GetAsync("/x"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.GetValues("X-Error-Code").Single().ShouldBe("OVERLOADED");
        }

        upstream.Hits.ShouldBe(2);
        upstream.ReleaseSlow();
        (await slow1).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await slow2).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var after = await client.GetAsync("/x");
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

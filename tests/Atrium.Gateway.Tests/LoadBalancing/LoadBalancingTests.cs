using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.LoadBalancing;

public sealed class LoadBalancingTests : IAsyncLifetime
{
    private readonly List<NamedUpstream> _upstreams = [];

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            _upstreams.Add(await NamedUpstream.StartAsync(name));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    [Fact]
    public async Task RoundRobin_EachEndpointInTurn()
    {
        await using var gateway = await StartAsync("{ policy: roundRobin }");
        using var client = gateway.Client();

        var counts = await SendAsync(client, 30);

        counts.Values.ShouldAllBe(c => c == 10);
    }

    [Fact]
    public async Task Random_SpreadsOverAllEndpoints()
    {
        await using var gateway = await StartAsync("{ policy: random }");
        using var client = gateway.Client();

        var counts = await SendAsync(client, 300);

        counts.Count.ShouldBe(3);
        counts.Values.ShouldAllBe(c => c > 50);
    }

    [Fact]
    public async Task PowerOfTwoChoices_Default_SpreadsOverAllEndpoints()
    {
        await using var gateway = await StartAsync("{}");
        using var client = gateway.Client();

        var counts = await SendAsync(client, 300);

        counts.Count.ShouldBe(3);
        counts.Values.ShouldAllBe(c => c > 50);
    }

    [Fact]
    public async Task LeastRequests_AvoidsBusyEndpoints()
    {
        await using var gateway = await StartAsync("{ policy: leastRequests }");
        using var client = gateway.Client();
        // Two slow requests occupy two endpoints (least-requests sends the second one to an idle endpoint).
        var slow1 = client.GetAsync("/slow");
        await Eventually.UntilAsync(() => _upstreams.Sum(u => u.InFlight) == 1, "the first slow request reaches an upstream");
        var slow2 = client.GetAsync("/slow");
        await Eventually.UntilAsync(() => _upstreams.Sum(u => u.InFlight) == 2, "the second slow request reaches an upstream");
        var idle = _upstreams.Single(u => u.InFlight == 0);

        var counts = await SendAsync(client, 10);

        counts.ShouldBe(new Dictionary<string, int> { [idle.Name] = 10 });
        foreach (var upstream in _upstreams)
        {
            upstream.ReleaseSlow();
        }

        (await slow1).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await slow2).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConsistentHashOnHeader_SameKeySticks_KeysSpread()
    {
        await using var gateway = await StartAsync("{ policy: consistentHash, hashOn: header, hashKey: X-User }");
        using var client = gateway.Client();

        var owners = new Dictionary<string, string>();
        for (var user = 0; user < 30; user++)
        {
            for (var repeat = 0; repeat < 3; repeat++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/sticky");
                request.Headers.Add("X-User", $"user-{user}");
                using var response = await client.SendAsync(request);
                var name = response.Headers.GetValues("X-Upstream").Single();
                owners.TryAdd($"user-{user}", name).ShouldBe(repeat == 0, $"user-{user} must stick to {owners.GetValueOrDefault($"user-{user}")}");
                if (repeat > 0)
                {
                    owners[$"user-{user}"].ShouldBe(name);
                }
            }
        }

        owners.Values.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task ConsistentHashOnClientIp_BehindTrustedProxy_HashesTheForwardedClient()
    {
        // Every request comes from 127.0.0.1, here a trusted proxy: keyed on the peer, all 30 clients would share one
        // endpoint.
        await using var gateway = await StartAsync("{ policy: consistentHash, hashOn: clientIp }", "trustedProxies: [\"127.0.0.1\"]\n");
        using var client = gateway.Client();

        var owners = new Dictionary<string, string>();
        for (var user = 0; user < 30; user++)
        {
            for (var repeat = 0; repeat < 2; repeat++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/sticky");
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{user}");
                using var response = await client.SendAsync(request);
                var name = response.Headers.GetValues("X-Upstream").Single();
                owners.TryAdd($"203.0.113.{user}", name);
                owners[$"203.0.113.{user}"].ShouldBe(name);
            }
        }

        owners.Values.Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task ConsistentHashOnCookie_SameKeySticks()
    {
        await using var gateway = await StartAsync("{ policy: consistentHash, hashOn: cookie, hashKey: session }");
        using var client = gateway.Client();

        var seen = new HashSet<string>();
        for (var repeat = 0; repeat < 10; repeat++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sticky");
            request.Headers.Add("Cookie", "other=1; session=abc123");
            using var response = await client.SendAsync(request);
            seen.Add(response.Headers.GetValues("X-Upstream").Single());
        }

        seen.Count.ShouldBe(1);
    }

    private async Task<GatewayHost> StartAsync(string loadBalancing, string top = "") =>
        await GatewayHost.StartAsync(top + $$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: three }
            clusters:
              three:
                endpoints: [{{string.Join(", ", _upstreams.Select(u => $"\"{u.Address}\""))}}]
                loadBalancing: {{loadBalancing}}
            """);

    private static async Task<Dictionary<string, int>> SendAsync(HttpClient client, int count)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync("/x");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var name = response.Headers.GetValues("X-Upstream").Single();
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }
}

using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Traffic;

public sealed class TrafficTests : IAsyncLifetime
{
    private Upstream? _stable;
    private Upstream? _canary;
    private Upstream? _shadow;
    private int _shadowHits;

    public async Task InitializeAsync()
    {
        _stable = await Upstream.StartAsync(app => app.Map("/{**path}", () => "stable"));
        _canary = await Upstream.StartAsync(app => app.Map("/{**path}", () => "canary"));
        // A shadow that never answers.
        _shadow = await Upstream.StartAsync(app => app.Map("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _shadowHits);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
    }

    public async Task DisposeAsync()
    {
        await _shadow!.DisposeAsync();
        await _canary!.DisposeAsync();
        await _stable!.DisposeAsync();
    }

    [Fact]
    public async Task Split_TenThousandRequests_WithinTwoPointsOfWeights()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("split: { backends: [{ cluster: stable, weight: 80 }, { cluster: canary, weight: 20 }] }"));

        var canary = 0;
        var total = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var client = gateway.Client();
            for (var i = 0; i < 1250; i++)
            {
                var body = await client.GetStringAsync("/r");
                Interlocked.Increment(ref total);
                if (body == "canary")
                {
                    Interlocked.Increment(ref canary);
                }
            }
        })));

        total.ShouldBe(10_000);
        (canary / 100.0).ShouldBeInRange(18.0, 22.0);
    }

    [Fact]
    public async Task Overrides_HeaderForcesSide_RatioHeaderReplacesWeights()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(
            "split: { backends: [{ cluster: stable, weight: 99 }, { cluster: canary, weight: 1 }], ratioHeader: x-migration-ratio }"));
        using var client = gateway.Client();

        for (var i = 0; i < 20; i++)
        {
            (await Get(client, ("x-canary", "always"))).ShouldBe("canary");
            (await Get(client, ("x-canary", "never"))).ShouldBe("stable");
            (await Get(client, ("x-canary", "canary"))).ShouldBe("canary");
            (await Get(client, ("x-migration-ratio", "100"))).ShouldBe("canary");
            (await Get(client, ("x-migration-ratio", "0"))).ShouldBe("stable");
        }
    }

    [Fact]
    public async Task Sticky_SameUserAlwaysSameSide_AndGrowingCanaryKeepsItsUsers()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(
            "split: { backends: [{ cluster: stable, weight: 95 }, { cluster: canary, weight: 5 }], stickyOn: header, stickyKey: x-user }"), fromFile: true);
        using var client = gateway.Client();
        var before = new Dictionary<string, string>();
        for (var user = 0; user < 300; user++)
        {
            var sides = new HashSet<string>();
            for (var i = 0; i < 3; i++)
            {
                sides.Add(await Get(client, ("x-user", $"user-{user}")));
            }

            sides.Count.ShouldBe(1, $"user-{user} moved between sides");
            before[$"user-{user}"] = sides.Single();
        }

        before.Values.Count(v => v == "canary").ShouldBeInRange(3, 40);

        await gateway.WriteConfigAsync(Config(
            "split: { backends: [{ cluster: stable, weight: 80 }, { cluster: canary, weight: 20 }], stickyOn: header, stickyKey: x-user }"));
        using var admin = gateway.AdminClient();
        (await admin.PostAsync("/admin/reload", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = 0;
        foreach (var (user, side) in before)
        {
            var now = await Get(client, ("x-user", user));
            if (side == "canary")
            {
                now.ShouldBe("canary", $"{user} left the canary when its weight grew");
            }

            after += now == "canary" ? 1 : 0;
        }

        after.ShouldBeInRange(35, 90);
    }

    [Fact]
    public async Task Mirror_ShadowThatHangs_DoesNotSlowOrFailPrimary()
    {
        // No copy ends while the test runs (the shadow never answers, and the mirror waits minutes), so a primary
        // that waited for its copy, or for a free copy slot, would outlast the client's timeout and fail the test.
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: mirrored, match: { path: "/mirrored" }, cluster: stable, mirror: { cluster: shadow, maxConcurrency: 4, timeout: 10m } }
            clusters:
              stable: { endpoints: ["{{_stable!.Address}}"] }
              shadow: { endpoints: ["{{_shadow!.Address}}"] }
            """);
        using var client = gateway.Client(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 100; i++)
        {
            (await client.GetStringAsync("/mirrored")).ShouldBe("stable");
        }

        // The first four copies hold every slot until the end; the rest are dropped.
        await Eventually.UntilAsync(() => Volatile.Read(ref _shadowHits) >= 4, "the shadow sees the four mirrored requests", diagnostics: () => $"shadow saw {_shadowHits}");
        Volatile.Read(ref _shadowHits).ShouldBe(4);
    }

    [Fact]
    public async Task Faults_AbortShareHonoured_DelayOnlyWithHeader()
    {
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: abort, match: { path: "/abort" }, cluster: stable, faults: { abort: { status: 503, percent: 30 } } }
              - { id: delay, match: { path: "/delay" }, cluster: stable, faults: { delay: { duration: 5s }, onlyWithHeader: x-drill } }
            clusters:
              stable: { endpoints: ["{{_stable!.Address}}"] }
            """);
        using var client = gateway.Client();

        var aborted = 0;
        for (var i = 0; i < 1000; i++)
        {
            using var response = await client.GetAsync("/abort");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                response.Headers.GetValues("X-Error-Code").ShouldBe(["UPSTREAM_UNAVAILABLE"]);
                aborted++;
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }

        aborted.ShouldBeInRange(240, 360);
        var clock = Stopwatch.StartNew();
        await client.GetStringAsync("/delay");
        // A delayed request takes the whole 5 s; an undelayed one on a slow machine takes well under that.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        clock.Restart();
        (await Get(client, ("x-drill", "1"), "/delay")).ShouldBe("stable");
        // Less a little for the delay timer's millisecond granularity.
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(10));
    }

    private static async Task<string> Get(HttpClient client, (string Name, string Value) header, string path = "/r")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(header.Name, header.Value);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private string Config(string policy) => $$"""
        routes:
          - { id: r, match: { path: "/r" }, cluster: stable, {{policy}} }
        clusters:
          stable: { endpoints: ["{{_stable!.Address}}"] }
          canary: { endpoints: ["{{_canary!.Address}}"] }
        """;
}

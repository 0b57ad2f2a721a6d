using System.Diagnostics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.RateLimiting;

/// <summary>
/// Four clients hammer a limited route for 2.5 s. Each request's send and answer times bound what the limiter may
/// have admitted: a refusal proves the limiter was empty when it decided, and nothing was decided before the first
/// send or after the last answer. So the bounds hold however the machine schedules the clients, and a limiter that
/// admits more, or less, than its rate fails.
/// </summary>
[Collection(PrecisionCollection.Name)]
public sealed class RateLimitPrecisionTests : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2.5);

    /// <summary>Requests whose answer arrived after the client stopped counting: one per client at most.</summary>
    private const int Uncounted = 4;

    private Upstream? _upstream;

    public async Task InitializeAsync() => _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));

    public async Task DisposeAsync() => await _upstream!.DisposeAsync();

    [Fact]
    public async Task TokenBucket_AdmitsTheBurstPlusTheRateForTheTimeElapsed()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ algorithm: tokenBucket, limit: 100, window: 1s }"));

        var run = await HammerAsync(gateway);

        // The bucket is created full (100) by the first request, which arrives after the first send and before the
        // first answer, and earns 100 per second after that; 5% slack on the rate for the clocks.
        var lastRefusal = run.Where(r => !r.Admitted).Max(r => r.Sent);
        var atLeast = 100 + (100 * (lastRefusal - run.Min(r => r.Answered)).TotalSeconds * 0.95) - 1 - Uncounted;
        var atMost = 100 + (100 * (run.Max(r => r.Answered) - run.Min(r => r.Sent)).TotalSeconds * 1.05) + 1;
        var admitted = run.Count(r => r.Admitted);
        admitted.ShouldBeInRange((int)atLeast, (int)atMost, Describe(run));
        // A bucket refilled only by a 1 s timer would earn 200 at most here; the bound is tight enough to tell.
        atLeast.ShouldBeGreaterThan(200, Describe(run));
    }

    [Fact]
    public async Task SlidingWindow_AdmitsTheLimitPerWindowAndNoMore()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("{ algorithm: slidingWindow, limit: 100, window: 1s }"));

        var run = await HammerAsync(gateway);

        // Each refusal proves 100 admitted in the window before it; refusals more than a window apart prove disjoint
        // hundreds. The window opens at the first request, so at most one hundred per started second.
        var proven = 0;
        var before = TimeSpan.MaxValue;
        foreach (var refusal in run.Where(r => !r.Admitted).OrderByDescending(r => r.Sent))
        {
            if (refusal.Answered < before)
            {
                proven++;
                before = refusal.Sent - TimeSpan.FromSeconds(1);
            }
        }

        var span = run.Max(r => r.Answered) - run.Min(r => r.Sent);
        var admitted = run.Count(r => r.Admitted);
        admitted.ShouldBeInRange((100 * proven) - Uncounted, 100 * ((int)span.TotalSeconds + 1), Describe(run));
        proven.ShouldBeGreaterThanOrEqualTo(2, Describe(run));
    }

    private static string Describe(List<Exchange> run) =>
        $"admitted {run.Count(r => r.Admitted)}, refused {run.Count(r => !r.Admitted)}, " +
        $"first send {run.Min(r => r.Sent).TotalMilliseconds:F0} ms, last answer {run.Max(r => r.Answered).TotalMilliseconds:F0} ms";

    private static async Task<List<Exchange>> HammerAsync(GatewayHost gateway)
    {
        var clients = Enumerable.Range(0, 4).Select(_ => gateway.Client()).ToList();
        try
        {
            // Connections and the proxy path are warm before the clock starts; /warm has no limiter.
            await Task.WhenAll(clients.Select(async c => (await c.GetAsync("/warm")).EnsureSuccessStatusCode()));
            var clock = Stopwatch.StartNew();
            var runs = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                var seen = new List<Exchange>();
                while (clock.Elapsed < Duration)
                {
                    var sent = clock.Elapsed;
                    using var response = await client.GetAsync("/limited");
                    var answered = clock.Elapsed;
                    if (answered >= Duration)
                    {
                        break;
                    }

                    response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
                    seen.Add(new Exchange(sent, answered, response.StatusCode == HttpStatusCode.OK));
                }

                return seen;
            })));
            return [.. runs.SelectMany(r => r)];
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private string Config(string limit) => $$"""
        routes:
          - { id: limited, match: { path: "/limited" }, cluster: echo, rateLimit: {{limit}} }
          - { id: warm, match: { path: "/warm" }, cluster: echo }
        clusters:
          echo: { endpoints: ["{{_upstream!.Address}}"] }
        """;

    private sealed record Exchange(TimeSpan Sent, TimeSpan Answered, bool Admitted);
}

using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Gateway.Tests.Admin.Dashboard;

/// <summary>The dashboard page in a real headless chromium, against a real gateway on loopback.</summary>
public sealed class DashboardPageTests : IAsyncLifetime
{
    /// <summary>How soon the page must show a change the gateway already knows of (it polls every second).</summary>
    private static readonly LocatorAssertionsToHaveTextOptions WithinFiveSeconds = new() { Timeout = 5000 };

    private readonly SkippableClock _clock = new();
    private DashboardBrowser _browser = null!;
    private NamedUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        // Only the 5 s bounds below are what the dashboard promises; a first render on a busy machine (browser start,
        // sign-in, the first poll) is not measured and gets a bound for a hung page instead.
        SetDefaultExpectTimeout(60_000);
        _browser = await DashboardBrowser.LaunchAsync();
        _upstream = await NamedUpstream.StartAsync("a");
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _browser.DisposeAsync();
    }

    [Fact]
    public async Task Page_SignedIn_ListsConfiguredRoutes()
    {
        await using var gateway = await StartAsync();
        using var client = gateway.Client();
        var page = await _browser.SignedInAsync(gateway);
        await Expect(page.Locator("#status")).ToContainTextAsync("updated");
        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync("/shop/items")).Dispose();
        }

        await Expect(page.Locator("#routes tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-route='dash-shop'] td").Nth(1)).ToHaveTextAsync("GET,HEAD /shop/{**rest}");
        await Expect(page.Locator("[data-route='dash-shop'] td").Nth(2)).ToHaveTextAsync("shop");
        await Expect(page.Locator("[data-route='dash-shop'] td").Nth(3)).ToContainTextAsync("rateLimit 100/1s by clientIp");
        await Expect(page.Locator("[data-route='dash-admin'] td").Nth(3)).ToContainTextAsync("auth authenticated");
        await Expect(page.Locator("[data-route='dash-health']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-endpoint='{_upstream.Address}'] [data-field=health]")).ToHaveTextAsync("healthy");
        await Expect(page.Locator("[data-cluster='shop'] [data-field=breaker]")).ToHaveTextAsync("closed");
        // Rates need a second sample: the page asks every second.
        await Expect(page.Locator("[data-route='dash-shop'] [data-field=p99]")).Not.ToHaveTextAsync("–", new() { Timeout = 15000 });
        await DashboardBrowser.ScreenshotAsync(page, "dashboard.png");
        await page.ClickAsync("#tab-orders");
        await Expect(page.Locator("#orders-where")).ToContainTextAsync("Summed from the /metrics");
        // NamedUpstream answers /metrics with 200 and a body that is not Prometheus text: read, its lines ignored.
        await Expect(page.Locator($"[data-source='{_upstream.Address}'] [data-field=source]")).ToHaveTextAsync("read");
        await DashboardBrowser.ScreenshotAsync(page, "dashboard-orders.png");
    }

    [Fact]
    public async Task Page_UpstreamTakenDown_ShowsUnhealthyAndBreakerOpen()
    {
        await using var gateway = await StartAsync();
        using var client = gateway.Client();
        var page = await _browser.SignedInAsync(gateway);
        var endpoint = page.Locator($"[data-endpoint='{_upstream.Address}']");
        await Expect(endpoint.Locator("[data-field=health]")).ToHaveTextAsync("healthy");
        await Expect(endpoint.Locator("[data-field=breaker]")).ToHaveTextAsync("closed");

        await _upstream.DisposeAsync();
        await Eventually.UntilAsync(async () =>
        {
            (await client.GetAsync("/shop/items")).Dispose();
            return await AdminClusters.CircuitStateAsync(gateway, "shop") == "open";
        }, "the breaker opens on refused connections");
        await Eventually.UntilAsync(async () =>
        {
            _clock.Skip(TimeSpan.FromMinutes(1));
            return await AdminClusters.EndpointStateAsync(gateway, "shop", _upstream.Address) == "unhealthy";
        }, "a probe finds the endpoint down");

        await Expect(endpoint.Locator("[data-field=breaker]")).ToHaveTextAsync("open", WithinFiveSeconds);
        await Expect(endpoint.Locator("[data-field=health]")).ToHaveTextAsync("unhealthy", WithinFiveSeconds);
        await DashboardBrowser.ScreenshotAsync(page, "dashboard-upstream-down.png");
    }

    [Fact]
    public async Task Page_ReloadWithBadConfig_ShowsFailure()
    {
        await using var gateway = await StartAsync(fromFile: true);
        var page = await _browser.SignedInAsync(gateway);
        await Expect(page.Locator("#reloads tbody tr").First.Locator("[data-field=result]")).ToHaveTextAsync("applied");

        await gateway.WriteConfigAsync(Routes("nowhere"));
        await page.ClickAsync("#reload");

        await Expect(page.Locator("#reload-answer")).ToHaveTextAsync("reload: failed", WithinFiveSeconds);
        var failed = page.Locator("#reloads tbody tr").First;
        await Expect(failed.Locator("[data-field=result]")).ToContainTextAsync("failed", new() { Timeout = 5000 });
        await Expect(failed.Locator("[data-field=result] li")).ToContainTextAsync(["gateway.routes[0].cluster"]);
        await Expect(failed.Locator("td").Nth(1)).ToHaveTextAsync("api");
        await Expect(failed.Locator("td").Nth(2)).ToHaveTextAsync(gateway.ConfigPath!);
        (await page.Locator("#routes tbody tr").CountAsync()).ShouldBe(3);
        await DashboardBrowser.ScreenshotAsync(page, "dashboard-reload-failed.png");
    }

    [Fact]
    public async Task Page_WithoutToken_Refused()
    {
        await using var gateway = await StartAsync();
        var page = await _browser.NewPageAsync();

        await page.GotoAsync(new Uri(gateway.AdminAddress, "/").ToString());
        page.Url.ShouldBe(new Uri(gateway.AdminAddress, "/login").ToString());
        await page.FillAsync("#token", "not-the-admin-token-at-all");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/login", StringComparison.Ordinal));

        answer.Status.ShouldBe(401);
        await Expect(page.Locator(".error")).ToHaveTextAsync("That is not the admin token.");
        await Expect(page.Locator("#routes")).ToHaveCountAsync(0);
        (await page.Context.CookiesAsync()).ShouldBeEmpty();
        var state = await page.APIRequest.GetAsync(new Uri(gateway.AdminAddress, "/admin/dashboard/state").ToString());
        state.Status.ShouldBe((int)HttpStatusCode.Unauthorized);
        (await state.TextAsync()).ShouldContain("AUTH_FAILED");
    }

    private Task<GatewayHost> StartAsync(bool fromFile = false) =>
        GatewayHost.StartAsync(Routes("shop"), fromFile: fromFile, time: _clock);

    private string Routes(string cluster) =>
        $$"""
        routes:
          - id: dash-shop
            match: { path: "/shop/{**rest}", methods: [GET, HEAD] }
            cluster: {{cluster}}
            rateLimit: { limit: 100, window: 1s }
          - id: dash-admin
            match: { path: "/shop/admin/{**rest}" }
            cluster: shop
            auth: { require: authenticated, schemes: [apiKey] }
          - { id: dash-health, match: { path: /healthz }, cluster: shop }
        auth:
          apiKeys: [{ id: ops, sha256: "{{new string('a', 64)}}", subject: ops }]
        clusters:
          shop:
            endpoints: ["{{_upstream.Address}}"]
            healthCheck:
              active: { enabled: true, interval: 1m, timeout: 1m, healthyThreshold: 1, unhealthyThreshold: 1 }
              passive: { enabled: false }
            circuitBreaker: { failureRatio: 0.5, samplingDuration: 1m, minimumThroughput: 2, breakDuration: 1h, closeAfterSuccesses: 1 }
        """;
}

using System.Text.Json.Nodes;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.Playwright;

namespace Atrium.EndToEnd.Tests.Load;

/// <summary><c>atrium load</c> as a child process against a real <c>atrium run --target=all</c>.</summary>
public sealed class LoadCommandTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Load_ShortClosedLoopShop_ReportsTheOrdersTheReadModelHolds()
    {
        var directory = Directory.CreateTempSubdirectory("atrium-load-").FullName;
        var reportPath = Path.Combine(directory, "report.json");

        var exit = await LoadAsync("--scenario", "shop", "--concurrency", "4", "--duration", "3s", "--users", "3", "--products", "2",
            "--wait", "5", "--report", reportPath);

        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportPath))!;
        var orders = report["orders"]!;
        var placed = orders["placed"]!.GetValue<long>();
        placed.ShouldBeGreaterThan(0);
        orders["unsettled"]!.GetValue<long>().ShouldBe(0);
        (orders["confirmed"]!.GetValue<long>() + orders["cancelled"]!.GetValue<long>()).ShouldBe(placed);
        report["balances"]!["checked"]!.GetValue<long>().ShouldBe(3);
        report["balances"]!["mismatched"]!.GetValue<long>().ShouldBe(0);
        report["latencyMs"]!["p99"]!.GetValue<double>().ShouldBeGreaterThan(0);
        exit.Output.ShouldContain($"confirmed={orders["confirmed"]!.GetValue<long>()} ");

        var api = new CommerceApi(atrium.Http, atrium.Ports.Gateway);
        var listed = new List<JsonNode>();
        foreach (var email in report["customers"]!.AsArray().Select(c => c!.GetValue<string>()))
        {
            listed.AddRange(await api.AllOrdersAsync(await api.SignInAsync(email, "atrium load password")));
        }

        listed.Count.ShouldBe((int)placed);
        listed.Count(o => o["status"]!.GetValue<string>() == "Confirmed").ShouldBe((int)orders["confirmed"]!.GetValue<long>());
        listed.Count(o => o["status"]!.GetValue<string>() == "Cancelled").ShouldBe((int)orders["cancelled"]!.GetValue<long>());
    }

    [Fact]
    public async Task Load_ServerMetricsUrlNotAnswering_CompletesAndSaysWhichFiguresAreLeftOut()
    {
        var closed = FreePort.ClosedAddress();
        var own = $"http://127.0.0.1:{atrium.Ports.Admin}/metrics";

        var exit = await LoadAsync("--scenario", "order", "--concurrency", "2", "--duration", "2s", "--users", "2", "--products", "1",
            "--wait", "5", "--server-pid", $"{atrium.Process.Id}", "--server-metrics", $"{own},{closed}/metrics");

        exit.Output.ShouldContain("confirmed/s=");
        exit.Output.ShouldContain("cpu_ms_per_order atrium=");
        exit.Output.ShouldContain("gc_pause_share=n/a");
        exit.Output.ShouldNotContain("event_delivery_ms");
        exit.Error.ShouldContain($"atrium load: --server-metrics {closed}/metrics: ");
        exit.Error.ShouldContain("the figures read from it are left out");
        exit.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Load_HtmlReport_RendersTheLatencyChartInChromium()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install chromium), as ./test.sh does.");
        }

        var directory = Directory.CreateTempSubdirectory("atrium-load-").FullName;
        var htmlPath = Path.Combine(directory, "report.html");
        await LoadAsync("--scenario", "browse", "--rate", "20", "--duration", "3s", "--products", "2", "--html", htmlPath);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 900 } });
        await page.GotoAsync(new Uri(htmlPath).AbsoluteUri);

        var paths = await page.Locator("svg#latency path.series").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('d'))");
        paths.Length.ShouldBe(3);
        paths.ShouldAllBe(d => d.StartsWith('M'));
        var box = await page.Locator("svg#latency").BoundingBoxAsync();
        box.ShouldNotBeNull();
        box.Width.ShouldBeGreaterThan(100);
        var screenshot = await page.Locator("svg#latency").ScreenshotAsync(new() { Path = Path.Combine(directory, "chart.png") });
        screenshot.Length.ShouldBeGreaterThan(1000);
    }

    /// <summary>Runs <c>atrium load --url GATEWAY ARGS</c> to its end and returns what it printed; it must exit 0.</summary>
    private async Task<(string Output, string Error)> LoadAsync(params string[] args)
    {
        using var load = AtriumProcess.Start(null, ["load", "--url", $"http://127.0.0.1:{atrium.Ports.Gateway}", .. args]);
        var code = await load.WaitForExitAsync(RunTimeout);
        code.ShouldBe(0, load.Transcript());
        return (string.Join('\n', load.Stdout), string.Join('\n', load.Stderr));
    }
}

using System.Text.RegularExpressions;
using Atrium.Chassis.Telemetry;
using Microsoft.AspNetCore.Builder;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Telemetry.Prometheus;

[Collection(TelemetryTestGroup.Name)]
public sealed partial class PrometheusEndpointTests
{
    [Fact]
    public async Task MapPrometheusMetrics_TwoAppsInOneProcess_ServesMergedExpositionThatPromtoolAccepts()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "metrics-test");
        await using var first = await StartAppAsync(telemetry);
        await using var second = await StartAppAsync(telemetry);
        using var client = new HttpClient();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetStringAsync(new Uri(first.Address, "/hello"))).ShouldBe("hi");
        }

        for (var i = 0; i < 2; i++)
        {
            (await client.GetStringAsync(new Uri(second.Address, "/hello"))).ShouldBe("hi");
        }

        using var response = await client.GetAsync(new Uri(first.Address, "/metrics"));
        var exposition = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);
        exitCode.ShouldBe(0, $"promtool check metrics reported:\n{output}\nExposition:\n{exposition}");
        exposition.ShouldContain("http_server_request_duration_seconds_bucket{");
        exposition.ShouldContain("http_client_request_duration_seconds_bucket{");
        HelloRequestCount(exposition).ShouldBe(5);
        DuplicateSeries(exposition).ShouldBeEmpty();
    }

    [Fact]
    public async Task MapPrometheusMetrics_OneOfTwoAppsStopped_KeepsTheOtherAppsMetrics()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "metrics-test");
        await using var survivor = await StartAppAsync(telemetry, sharedMeters: true);
        var stopped = await StartAppAsync(telemetry, sharedMeters: true);
        using var client = new HttpClient();
        await client.GetStringAsync(new Uri(survivor.Address, "/hello"));
        await client.GetStringAsync(new Uri(stopped.Address, "/hello"));
        await client.GetStringAsync(new Uri(survivor.Address, "/metrics"));

        await stopped.DisposeAsync();
        await client.GetStringAsync(new Uri(survivor.Address, "/metrics"));
        await client.GetStringAsync(new Uri(survivor.Address, "/hello"));
        var exposition = await client.GetStringAsync(new Uri(survivor.Address, "/metrics"));

        HelloRequestCount(exposition).ShouldBe(3, exposition);
    }

    [Fact]
    public async Task WriteMetrics_AfterStart_WritesUtf8Exposition()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "metrics-test");
        using var meter = new System.Diagnostics.Metrics.Meter("Atrium.Tests.WriteMetrics");
        meter.CreateCounter<long>("atrium.tests.writes", null, "Writes.").Add(3);
        using var stream = new MemoryStream();

        telemetry.WriteMetrics(stream);

        System.Text.Encoding.UTF8.GetString(stream.ToArray())
            .ShouldContain("# TYPE atrium_tests_writes_total counter\natrium_tests_writes_total 3\n");
    }

    [Fact]
    public void Start_WhileAnotherInstanceRuns_Throws()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "metrics-test");

        Should.Throw<InvalidOperationException>(() => AtriumTelemetry.Start(new TelemetryOptions(), "again"));
    }

    private static async Task<TestWebApp> StartAppAsync(AtriumTelemetry telemetry, bool sharedMeters = false) =>
        await TestWebApp.StartAsync(
            app =>
            {
                app.MapGet("/hello", () => "hi");
                app.MapPrometheusMetrics(telemetry);
            },
            services =>
            {
                if (sharedMeters)
                {
                    services.AddAtriumMetrics();
                }
            });

    private static long HelloRequestCount(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && line.Contains("http_route=\"/hello\"", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static List<string> DuplicateSeries(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && (!line.StartsWith('#') || line.StartsWith("# TYPE", StringComparison.Ordinal)))
            .Select(line => SeriesKey().Match(line).Value)
            .GroupBy(key => key)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();

    [GeneratedRegex(@"^(# TYPE \S+|[^ ]+)")]
    private static partial Regex SeriesKey();
}

using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class MetricsTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    private const string RequestDurationBucket = "http_server_request_duration_seconds_bucket";

    [Fact]
    public Task Metrics_Service_PassesPromtoolAndHasRequestDurations() => AssertValidMetricsAsync(atrium.Ports.Catalog);

    [Fact]
    public Task Metrics_GatewayAdmin_PassesPromtoolAndHasRequestDurations() => AssertValidMetricsAsync(atrium.Ports.Admin);

    private async Task AssertValidMetricsAsync(int port)
    {
        // A request that completed before the scrape, so the request duration histogram has a series.
        using (await atrium.Http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz")))
        {
        }

        var exposition = "";
        await Poll.UntilAsync(async () =>
        {
            exposition = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            return exposition.Contains(RequestDurationBucket, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), $"{RequestDurationBucket} on port {port}", () => exposition);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);

        exitCode.ShouldBe(0, $"promtool check metrics:{Environment.NewLine}{output}");
    }
}

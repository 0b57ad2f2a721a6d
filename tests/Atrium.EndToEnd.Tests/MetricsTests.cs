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

    [Fact]
    public async Task Metrics_AfterAnOrder_ShowTheSagasGrpcCallsOnBothSides()
    {
        var api = new CommerceApi(atrium.Http, atrium.Ports.Gateway);
        var admin = await api.AdminTokenAsync();
        var product = await api.CreateProductAsync(admin, $"METRICS-{Guid.NewGuid():N}", price: 100, stock: 5);
        var token = await api.RegisterAsync($"metrics-{Guid.NewGuid():N}@example.com");
        var order = await api.PlaceOrderAcceptedAsync(token, (product, 1));
        (await api.WaitForFinalAsync(token, order, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>().ShouldBe("Confirmed");

        var exposition = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{atrium.Ports.Catalog}/metrics"));
        var lines = exposition.Split('\n');

        // Served: ASP.NET Core's request duration, its route the method's path, tagged with the gRPC status.
        lines.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/atrium.catalog.v1.Reservations/Try\"", StringComparison.Ordinal)
            && l.Contains("rpc_grpc_status_code=\"0\"", StringComparison.Ordinal));
        var (catalogExit, catalogOutput) = await Promtool.CheckMetricsAsync(exposition);
        catalogExit.ShouldBe(0, $"promtool check metrics:{Environment.NewLine}{catalogOutput}");

        // Made: the caller's own histogram, by service, method and status. Its meter is the process's, so the
        // process's first module (the gateway's admin listener) serves it.
        exposition = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{atrium.Ports.Admin}/metrics"));
        lines = exposition.Split('\n');
        lines.ShouldContain(l => l.StartsWith("rpc_client_call_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("rpc_service=\"atrium.payments.v1.Payments\"", StringComparison.Ordinal)
            && l.Contains("rpc_method=\"Charge\"", StringComparison.Ordinal)
            && l.Contains("rpc_grpc_status_code=\"0\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("rpc_client_call_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.005\"", StringComparison.Ordinal));
        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);
        exitCode.ShouldBe(0, $"promtool check metrics:{Environment.NewLine}{output}");
    }

    [Fact]
    public async Task Metrics_EachModule_ServesOnlyItsOwnSeriesAndTheRuntimeOnce()
    {
        // A request through the gateway to identity, so both have request series.
        using (await atrium.Http.GetAsync(new Uri($"http://127.0.0.1:{atrium.Ports.Gateway}/api/catalog/products")))
        {
        }

        var admin = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{atrium.Ports.Admin}/metrics"));
        admin.ShouldContain("dotnet_gc_collections_total");
        admin.ShouldContain("atrium_gateway_");
        foreach (var port in atrium.Ports.Services.Select(s => s.Port))
        {
            var exposition = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            exposition.ShouldNotContain("atrium_gateway_", customMessage: $"port {port}");
            exposition.ShouldNotContain("dotnet_gc_collections_total", customMessage: $"port {port}");
        }
    }

    private async Task AssertValidMetricsAsync(int port)
    {
        // A request that completed before the scrape, so the request duration histogram has a series.
        using (await atrium.Http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz")))
        {
        }

        var exposition = "";
        await Eventually.UntilAsync(async () =>
        {
            exposition = await atrium.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            return exposition.Contains(RequestDurationBucket, StringComparison.Ordinal);
        }, $"{RequestDurationBucket} on port {port}", TimeSpan.FromSeconds(10), () => exposition);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);

        exitCode.ShouldBe(0, $"promtool check metrics:{Environment.NewLine}{output}");
    }
}

using Atrium.Chassis.Telemetry;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Chassis.Tests.Telemetry.Prometheus;

[Collection(TelemetryTestGroup.Name)]
public sealed class ModuleMetricsTests
{
    [Fact]
    public async Task MapPrometheusMetrics_TwoModules_EachServesOnlyItsOwnSeriesAndTheRuntimeOnce()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), ["gateway", "identity"]);
        await using var gateway = await StartModuleAsync(telemetry, "gateway");
        await using var identity = await StartModuleAsync(telemetry, "identity");
        using var client = new HttpClient();
        (await client.GetStringAsync(new Uri(gateway.Address, "/gateway-hello"))).ShouldBe("hi");
        (await client.GetStringAsync(new Uri(identity.Address, "/identity-hello"))).ShouldBe("hi");

        var gatewayText = await client.GetStringAsync(new Uri(gateway.Address, "/metrics"));
        var identityText = await client.GetStringAsync(new Uri(identity.Address, "/metrics"));

        identityText.ShouldContain("http_route=\"/identity-hello\"");
        identityText.ShouldNotContain("/gateway-hello");
        gatewayText.ShouldContain("http_route=\"/gateway-hello\"");
        gatewayText.ShouldNotContain("/identity-hello");
        // The runtime's series belong to the process: the first module (the gateway) serves them, the others do not.
        gatewayText.ShouldContain("dotnet_gc_collections_total");
        identityText.ShouldNotContain("dotnet_");
        foreach (var text in new[] { gatewayText, identityText })
        {
            var (exitCode, output) = await Promtool.CheckMetricsAsync(text);
            exitCode.ShouldBe(0, $"promtool check metrics reported:\n{output}\nExposition:\n{text}");
        }
    }

    private static Task<TestWebApp> StartModuleAsync(AtriumTelemetry telemetry, string module) =>
        TestWebApp.StartAsync(
            app =>
            {
                app.MapGet($"/{module}-hello", () => "hi");
                app.MapPrometheusMetrics(telemetry, module: module);
            },
            services => services.AddAtriumMetrics(module));
}

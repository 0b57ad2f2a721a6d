using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

public class SingleTargetTests
{
    [Fact]
    public async Task Run_TargetCatalog_ServesOnlyTheCatalog()
    {
        var ports = AtriumPorts.Allocate();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var atrium = AtriumProcess.Run(AtriumConfig.Yaml(ports), "--target=catalog");

        await atrium.WaitUntilReadyAsync(http, ports.Catalog);

        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{ports.Catalog}/healthz"));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var port in new[] { ports.Gateway, ports.Admin, ports.Identity, ports.Payments, ports.Ordering })
        {
            (await FreePort.IsListeningAsync(port)).ShouldBeFalse($"port {port} should be closed{Environment.NewLine}{atrium.Transcript()}");
        }

        atrium.Logs.Where(l => l["category"] == "Atrium.Chassis.Modularity.ModuleManager" && l["message"]!.EndsWith(" started", StringComparison.Ordinal))
            .Select(l => l["Module"])
            .ShouldBe(["runtime-config", "catalog"]);
    }
}

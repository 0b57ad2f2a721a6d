using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class SingleTargetTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_TargetCatalog_ServesOnlyTheCatalog_ReadyOnceIdentityInItsOwnProcessAnswers()
    {
        var ports = AtriumPorts.Allocate();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var catalog = AtriumProcess.Run(AtriumConfig.Yaml(ports), "--target=catalog");
        var healthz = new Uri($"http://127.0.0.1:{ports.Catalog}/healthz");
        await catalog.WaitForLogAsync(l => l["category"] == "Atrium" && l["message"]?.StartsWith("Atrium is running", StringComparison.Ordinal) == true,
            StartTimeout, "the 'Atrium is running' line");

        // Alive but not ready: nothing can verify a token before identity's keys are in.
        using (var health = await http.GetAsync(healthz))
        using (var unready = await http.GetAsync(new Uri($"http://127.0.0.1:{ports.Catalog}/readyz")))
        {
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
            unready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await unready.Content.ReadAsStringAsync()).ShouldContain("\"failed\":[\"jwks\"]");
        }

        using var identity = AtriumProcess.Run(AtriumConfig.Yaml(ports), "--target=identity");
        await identity.WaitUntilReadyAsync(http, ports.Identity);
        await catalog.WaitUntilReadyAsync(http, ports.Catalog);

        foreach (var port in new[] { ports.Gateway, ports.Admin, ports.Payments, ports.Ordering, ports.PaymentsRpc, ports.OrderingRpc })
        {
            (await FreePort.IsListeningAsync(port)).ShouldBeFalse($"port {port} should be closed{Environment.NewLine}{catalog.Transcript()}");
        }

        catalog.Logs.Where(l => l["category"] == "Atrium.Chassis.Modularity.ModuleManager" && l["message"]!.EndsWith(" started", StringComparison.Ordinal))
            .Select(l => l["Module"])
            .ShouldBe(["runtime-config", "catalog"]);
    }
}

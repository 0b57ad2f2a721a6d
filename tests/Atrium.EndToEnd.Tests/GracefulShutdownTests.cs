using System.Diagnostics;
using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class GracefulShutdownTests
{
    // Long, so that a saturated machine does not run out of drain while the test looks at the closed port; the exit
    // is still bounded by it, so a process that waits out the drain with nothing left in flight fails.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_RequestInFlight_DrainsItRefusesNewConnectionsAndExitsZero()
    {
        await using var upstream = await SlowUpstream.StartAsync();
        var ports = AtriumPorts.Allocate();
        var config = AtriumConfig.Yaml(ports,
            extraRoutes: """
                    - id: slow
                      match: { path: "/slow/{**rest}" }
                      cluster: slow
                      timeout: 2m
                """,
            extraClusters: $"""
                    slow:
                      endpoints: ["{upstream.Address}"]
                """,
            shutdownTimeout: $"{DrainTimeout.TotalSeconds}s");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var atrium = AtriumProcess.Run(config, "--target=all");
        await atrium.WaitUntilReadyAsync(http, [.. ports.Services.Select(s => s.Port), ports.Admin]);

        var inFlight = http.GetAsync(new Uri($"http://127.0.0.1:{ports.Gateway}/slow/request"));
        await upstream.Received.WaitAsync(TimeSpan.FromSeconds(30));
        var sinceSignal = Stopwatch.StartNew();
        atrium.Terminate();

        // The upstream holds the request until it is released below, so the drain lasts until then: the public
        // listener must close while the request is still in flight, however long the machine takes to show it.
        await Eventually.UntilAsync(async () => !await FreePort.IsListeningAsync(ports.Gateway), "the gateway's public port to refuse new connections",
            TimeSpan.FromSeconds(15), atrium.Transcript);
        inFlight.IsCompleted.ShouldBeFalse("the refusal must be observed while the request is still draining");
        upstream.Release();

        using var response = await inFlight;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(SlowUpstream.Body);

        var exitCode = await atrium.WaitForExitAsync(DrainTimeout + TimeSpan.FromSeconds(5));
        sinceSignal.Elapsed.ShouldBeLessThan(DrainTimeout, atrium.Transcript());
        exitCode.ShouldBe(0, atrium.Transcript());

        var stopping = atrium.Logs
            .Where(l => l["category"] == "Atrium.Chassis.Modularity.ModuleManager" && l["message"]!.StartsWith("Stopping module ", StringComparison.Ordinal))
            .Select(l => l["Module"])
            .ToList();
        stopping.ShouldBe(["gateway", "ordering", "payments", "catalog", "identity", "runtime-config"], atrium.Transcript());
        atrium.Logs.Count(l => l["message"]?.EndsWith(" stopped", StringComparison.Ordinal) == true && l["category"] == "Atrium.Chassis.Modularity.ModuleManager")
            .ShouldBe(6, atrium.Transcript());
        var logs = atrium.Logs;
        logs[^1]["message"].ShouldBe("Atrium stopped");
    }
}

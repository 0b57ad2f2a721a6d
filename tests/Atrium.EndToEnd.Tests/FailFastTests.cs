using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class FailFastTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Run_InvalidConfig_ExitsOneListingEveryErrorAndListensNowhere()
    {
        var ports = AtriumPorts.Allocate();
        var config = AtriumConfig.Yaml(ports,
            extraRoutes: """
                    - id: broken
                      match: { path: "/broken/{**rest}" }
                      cluster: odering
                      timeout: 5 seconds
                """,
            extraClusters: """
                    spare:
                      endpoints: ["http://127.0.0.1:1"]
                      idleTimout: 10s
                """);
        using var atrium = AtriumProcess.Run(config, "--target=all");

        var exitCode = await atrium.WaitForExitAsync(Quickly);

        exitCode.ShouldBe(1, atrium.Transcript());
        var stderr = string.Join('\n', atrium.Stderr);
        // The broken route comes after the test config's own routes: both of its errors name its index.
        var broken = System.Text.RegularExpressions.Regex.Match(stderr, @"gateway\.routes\[(\d+)\]\.cluster: unknown cluster 'odering'");
        broken.Success.ShouldBeTrue(stderr);
        stderr.ShouldContain($"gateway.routes[{broken.Groups[1].Value}].timeout: '5 seconds' is not a duration");
        stderr.ShouldContain("gateway.clusters.spare.idleTimout: unknown key 'idleTimout' (did you mean 'idleTimeout'?)");
        stderr.ShouldContain("atrium: the config is invalid (3 error(s)); nothing was started.");
        foreach (var line in atrium.Stderr.Where(l => l.Contains("gateway.", StringComparison.Ordinal)))
        {
            line.ShouldStartWith($"{atrium.ConfigPath}:");
        }

        atrium.Stdout.ShouldNotContain(l => l.Contains("listening on", StringComparison.Ordinal));
        foreach (var port in ports.All)
        {
            (await FreePort.IsListeningAsync(port)).ShouldBeFalse($"port {port}");
        }
    }

    [Fact]
    public async Task Run_UnknownTarget_ExitsTwoNamingTheValidTargets()
    {
        var ports = AtriumPorts.Allocate();
        using var atrium = AtriumProcess.Run(AtriumConfig.Yaml(ports), "--target=odering");

        var exitCode = await atrium.WaitForExitAsync(Quickly);

        exitCode.ShouldBe(2, atrium.Transcript());
        atrium.Stderr.ShouldContain("atrium: unknown target 'odering'; valid targets: identity, catalog, payments, ordering, gateway, all");
        atrium.Stdout.ShouldNotContain(l => l.Contains("listening on", StringComparison.Ordinal));
    }
}

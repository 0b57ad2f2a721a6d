using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class EnvironmentOverridesTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Run_ListenerMovedByVariable_ServesOnTheVariablesPortInsteadOfTheFiles()
    {
        var ports = AtriumPorts.Allocate();
        var moved = FreePort.Next();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var environment = new Dictionary<string, string> { ["ATRIUM__CATALOG__LISTEN__0"] = $"http://127.0.0.1:{moved}" };
        // With identity: the catalog is ready only once it has identity's signing keys.
        using var atrium = AtriumProcess.RunWith(AtriumConfig.Yaml(ports), environment, "--target=identity,catalog");

        await atrium.WaitUntilReadyAsync(http, moved);

        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{moved}/healthz"));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FreePort.IsListeningAsync(ports.Catalog)).ShouldBeFalse($"the file's port {ports.Catalog}{Environment.NewLine}{atrium.Transcript()}");
    }

    [Fact]
    public async Task Run_UnknownKeyInVariable_ExitsOneNamingTheVariableAndListensNowhere()
    {
        var ports = AtriumPorts.Allocate();
        var environment = new Dictionary<string, string> { ["ATRIUM__CATALOG__LISTN__0"] = $"http://127.0.0.1:{ports.Catalog}" };
        using var atrium = AtriumProcess.RunWith(AtriumConfig.Yaml(ports), environment, "--target=all");

        var exitCode = await atrium.WaitForExitAsync(Quickly);

        exitCode.ShouldBe(1, atrium.Transcript());
        atrium.Stderr.ShouldBe(
        [
            "ATRIUM__CATALOG__LISTN__0 (catalog.listn): unknown key 'listn' (did you mean 'listen'?)",
            "atrium: the config is invalid (1 error(s)); nothing was started.",
        ]);
        foreach (var port in ports.All)
        {
            (await FreePort.IsListeningAsync(port)).ShouldBeFalse($"port {port}");
        }
    }
}

using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public sealed class ConfigCenterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminToken = "e2e-admin-token-0123456789";
    private const string Key = "/atrium/e2e/config";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly string _data = Directory.CreateTempSubdirectory("atrium-e2e-etcd-data-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Atrium.Testing.EtcdServer _etcd = null!;

    public async Task InitializeAsync() => _etcd = await Atrium.Testing.EtcdServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _etcd.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Run_DocumentPushed_EveryProcessOfASplitTopologyAppliesIt_AndABadOneIsRejectedByEach()
    {
        var ports = AtriumPorts.Allocate();
        await _etcd.PutAsync(Key, "logging:\n  overrides:\n    Atrium.E2E: Warning\n");
        // The five targets as processes of their own, each watching the namespace.
        using var gateway = Run(ports, "--target=gateway");
        using var identity = Run(ports, "--target=identity");
        using var catalog = Run(ports, "--target=catalog");
        using var payments = Run(ports, "--target=payments");
        using var ordering = Run(ports, "--target=ordering");
        var processes = new[] { gateway, identity, catalog, payments, ordering };
        await gateway.WaitUntilReadyAsync(_http, ports.Admin);
        await identity.WaitUntilReadyAsync(_http, ports.Identity);
        await catalog.WaitUntilReadyAsync(_http, ports.Catalog);
        await payments.WaitUntilReadyAsync(_http, ports.Payments);
        await ordering.WaitUntilReadyAsync(_http, ports.Ordering);

        var pushed = await PushAsync("logging:\n  overrides:\n    Atrium.E2E: Error\n");

        foreach (var process in processes)
        {
            await process.WaitForLogAsync(l => l["message"] == $"Config center document etcd:e2e@{pushed} applied", Generous, $"etcd:e2e@{pushed} applied");
        }

        // A write straight to etcd, timed: from the write to each process's log line saying it applied the document.
        var written = DateTimeOffset.UtcNow;
        var revision = await _etcd.PutAsync(Key, "logging:\n  overrides:\n    Atrium.E2E: Critical\n");
        foreach (var (process, target) in processes.Zip(["gateway", "identity", "catalog", "payments", "ordering"]))
        {
            var applied = await process.WaitForLogAsync(l => l["message"] == $"Config center document etcd:e2e@{revision} applied", Generous, $"etcd:e2e@{revision} applied");
            // Reported, not asserted: the time depends on the machine's load, and a test must not.
            output.WriteLine($"{target}: applied {(DateTimeOffset.Parse(applied["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture) - written).TotalMilliseconds:F0} ms after the write began");
        }

        var reload = await AdminReloadAsync(ports);
        reload["trigger"]!.GetValue<string>().ShouldBe("etcd");
        reload["succeeded"]!.GetValue<bool>().ShouldBeTrue();
        reload["source"]!.GetValue<string>().ShouldBe($"etcd:e2e@{revision}");
        reload["configCenter"]!["revision"]!.GetValue<long>().ShouldBe(revision);

        var bad = await _etcd.PutAsync(Key, "logging:\n  level: Loud\n");

        foreach (var process in processes)
        {
            await process.WaitForLogAsync(
                l => l["message"] == $"Config center document etcd:e2e@{bad} rejected; revision {revision} stays in effect", Generous, $"etcd:e2e@{bad} rejected");
        }

        reload = await AdminReloadAsync(ports);
        reload["succeeded"]!.GetValue<bool>().ShouldBeFalse();
        reload["errors"]![0]!["variable"]!.GetValue<string>().ShouldBe($"etcd:e2e@{bad} line 2");
        reload["configCenter"]!["revision"]!.GetValue<long>().ShouldBe(revision);
        reload["configCenter"]!["lastSeenRevision"]!.GetValue<long>().ShouldBe(bad);
    }

    [Fact]
    public async Task Run_EtcdDownWithACachedDocument_StartsFromItAndReadyzAndMetricsSaySo()
    {
        var ports = AtriumPorts.Allocate();
        var revision = await _etcd.PutAsync(Key, "logging:\n  overrides:\n    Atrium.E2E: Warning\n");
        using (var first = Run(ports, "--target=identity"))
        {
            await first.WaitUntilReadyAsync(_http, ports.Identity);
            first.Terminate();
            (await first.WaitForExitAsync(Generous)).ShouldBe(0, first.Transcript());
        }

        await _etcd.StopAsync();
        using var second = Run(ports, "--target=identity");
        await second.WaitUntilReadyAsync(_http, ports.Identity);

        var readyz = JsonNode.Parse(await GetAsync(ports.Identity, "/readyz"))!;
        readyz["checks"]!["config"]!["description"]!.GetValue<string>().ShouldStartWith($"source: cache, etcd:e2e@{revision} (cache)");
        (await GetAsync(ports.Identity, "/metrics")).Split('\n').ShouldContain("atrium_config_source_cached 1");
    }

    [Fact]
    public async Task Run_EtcdDownAndNothingCached_ExitsThreeNamingTheProblem()
    {
        var ports = AtriumPorts.Allocate();
        await _etcd.StopAsync();

        using var atrium = Run(ports, "--target=gateway");

        (await atrium.WaitForExitAsync(Generous)).ShouldBe(3, atrium.Transcript());
        atrium.Stderr.ShouldHaveSingleItem().ShouldStartWith($"atrium: ETCD_UNREACHABLE: etcd at {_etcd.Endpoint} is unreachable");
        atrium.Stderr[0].ShouldContain("no cached document of namespace 'e2e'");
        (await FreePort.IsListeningAsync(ports.Admin)).ShouldBeFalse();
    }

    private AtriumProcess Run(AtriumPorts ports, string target) => AtriumProcess.RunWith(
        AtriumConfig.Yaml(ports, dataDirectory: _data) + $"\nconfig:\n  etcd:\n    endpoints: [\"{_etcd.Endpoint}\"]\n    namespace: e2e\n",
        new Dictionary<string, string> { ["ATRIUM__GATEWAY__ADMIN__TOKEN"] = AdminToken },
        target);

    private async Task<long> PushAsync(string yaml)
    {
        var file = Path.Combine(_data, "push.yaml");
        await File.WriteAllTextAsync(file, yaml);
        using var push = AtriumProcess.Start(null, "config", "push", file, "--namespace", "e2e", "--endpoints", _etcd.Endpoint);
        (await push.WaitForExitAsync(Generous)).ShouldBe(0, push.Transcript());
        return long.Parse(push.Stdout.ShouldHaveSingleItem().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonNode> AdminReloadAsync(AtriumPorts ports) => JsonNode.Parse(await GetAsync(ports.Admin, "/admin/reload"))!;

    private async Task<string> GetAsync(int port, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return body;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// <c>atrium-gateway</c>, the Native AOT gateway of <c>deploy/publish.sh</c> (the image tests' publish), as a child
/// process on loopback, beside <c>atrium run --target=gateway</c> on the same config: it proxies, answers health and
/// metrics, and its admin API answers with the same documents.
/// </summary>
[Collection(ImageCollection.Name)]
public class AtriumGatewayTests(ImageFixture images)
{
    private const string AdminToken = "aot-admin-token-0123456789";

    [Fact]
    public async Task Run_AtriumGateway_ProxiesToTheUpstreamAndAnswersHealthReadinessAndMetrics()
    {
        await using var upstream = await SlowUpstream.StartAsync();
        upstream.Release();
        var (proxyPort, adminPort) = (FreePort.Next(), FreePort.Next());
        using var gateway = AtriumProcess.RunExecutable(AtriumGateway, Config(proxyPort, adminPort, upstream.Address));
        using var http = new HttpClient();
        await WaitUntilReadyAsync(gateway, http, adminPort);

        using var proxied = await http.GetAsync(new Uri($"http://127.0.0.1:{proxyPort}/slow/anything"));
        (await proxied.Content.ReadAsStringAsync()).ShouldBe(SlowUpstream.Body, gateway.Transcript());
        proxied.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{adminPort}/metrics"));
        metrics.ShouldContain("atrium_gateway_requests");
        var unknown = await http.GetAsync(new Uri($"http://127.0.0.1:{proxyPort}/no/route"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task AdminApi_AtriumGatewayAndJitGateway_AnswerTheSameDocumentsAndReloadAlike()
    {
        await using var upstream = await SlowUpstream.StartAsync();
        upstream.Release();
        var aotPorts = (Proxy: FreePort.Next(), Admin: FreePort.Next());
        var jitPorts = (Proxy: FreePort.Next(), Admin: FreePort.Next());
        using var aot = AtriumProcess.RunExecutable(AtriumGateway, Config(aotPorts.Proxy, aotPorts.Admin, upstream.Address));
        using var jit = AtriumProcess.Run(Config(jitPorts.Proxy, jitPorts.Admin, upstream.Address), "--target=gateway");
        using var http = new HttpClient();
        await WaitUntilReadyAsync(aot, http, aotPorts.Admin);
        await WaitUntilReadyAsync(jit, http, jitPorts.Admin);

        foreach (var path in new[] { "/admin/routes", "/admin/clusters" })
        {
            var expected = await AdminAsync(http, HttpMethod.Get, jitPorts.Admin, path);
            var actual = await AdminAsync(http, HttpMethod.Get, aotPorts.Admin, path);
            actual.ToJsonString().ShouldBe(expected.ToJsonString(), path);
        }

        // The same edit to each file, replaced whole so no watcher reads half of it: each process's file watcher
        // applies it, and both report the same keys changed. Waiting on the routes, not on a timer, is the signal.
        Edit(aot.ConfigPath);
        Edit(jit.ConfigPath);
        await WaitForTimeoutAsync(http, aotPorts.Admin, 7000);
        await WaitForTimeoutAsync(http, jitPorts.Admin, 7000);
        var jitWatched = await AdminAsync(http, HttpMethod.Get, jitPorts.Admin, "/admin/reload");
        var aotWatched = await AdminAsync(http, HttpMethod.Get, aotPorts.Admin, "/admin/reload");
        aotWatched["succeeded"]!.GetValue<bool>().ShouldBeTrue(aotWatched.ToJsonString());
        aotWatched["trigger"]!.GetValue<string>().ShouldBe("file");
        aotWatched["changed"]!.ToJsonString().ShouldBe("[\"gateway\"]");
        aotWatched["changed"]!.ToJsonString().ShouldBe(jitWatched["changed"]!.ToJsonString());
        Names(aotWatched).ShouldBe(Names(jitWatched));

        // A reload through the admin API now finds nothing new in either.
        var jitReload = await AdminAsync(http, HttpMethod.Post, jitPorts.Admin, "/admin/reload");
        var aotReload = await AdminAsync(http, HttpMethod.Post, aotPorts.Admin, "/admin/reload");
        aotReload["succeeded"]!.GetValue<bool>().ShouldBeTrue(aotReload.ToJsonString());
        aotReload["trigger"]!.GetValue<string>().ShouldBe("api");
        aotReload["changed"]!.ToJsonString().ShouldBe("[]");
        jitReload["changed"]!.ToJsonString().ShouldBe("[]");
        Names(aotReload).ShouldBe(Names(jitReload));
    }

    [Fact]
    public async Task Diagnostics_AtriumGateway_AnswerNotImplementedForTraceDumpAndCounters()
    {
        // A Native AOT binary has no diagnostics IPC and is built without EventSource: each endpoint says so at once,
        // rather than a counter stream that opens and never sends a value.
        await using var upstream = await SlowUpstream.StartAsync();
        upstream.Release();
        var (proxyPort, adminPort) = (FreePort.Next(), FreePort.Next());
        using var gateway = AtriumProcess.RunExecutable(AtriumGateway, Config(proxyPort, adminPort, upstream.Address));
        using var http = new HttpClient();
        await WaitUntilReadyAsync(gateway, http, adminPort);

        foreach (var path in new[] { "trace?seconds=1", "gcdump", "counters" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{adminPort}/admin/diagnostics/{path}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            // Before the body: an open stream's body would never end.
            response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented, path);
            var body = await response.Content.ReadAsStringAsync();
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", path);
            ((string?)JsonNode.Parse(body)!["code"]).ShouldBe("NOT_IMPLEMENTED", path);
        }
    }

    private static void Edit(string configPath)
    {
        var next = configPath + ".next";
        File.WriteAllText(next, File.ReadAllText(configPath).Replace("timeout: 5s", "timeout: 7s", StringComparison.Ordinal));
        File.Move(next, configPath, overwrite: true);
    }

    private static async Task WaitForTimeoutAsync(HttpClient http, int adminPort, double timeoutMs) =>
        await Eventually.UntilAsync(
            async () => (await AdminAsync(http, HttpMethod.Get, adminPort, "/admin/routes"))[0]!["timeoutMs"]!.GetValue<double>() == timeoutMs,
            $"route timeout {timeoutMs} ms on {adminPort}");

    private string AtriumGateway => Path.Combine(images.PublishDirectory, "atrium-gateway");

    // A whole atrium.yaml, services' sections included: atrium-gateway reads the same file and leaves those alone.
    private static string Config(int proxyPort, int adminPort, string upstream) => $$"""
        gateway:
          listen: ["http://127.0.0.1:{{proxyPort}}"]
          admin:
            listen: ["http://127.0.0.1:{{adminPort}}"]
            token: {{AdminToken}}
          routes:
            - id: slow
              match: { path: "/slow/{**rest}" }
              cluster: upstream
              timeout: 5s
              rateLimit: { limit: 100, window: 1s }
          clusters:
            upstream:
              endpoints: ["{{upstream}}"]
              circuitBreaker: { failureRatio: 0.5 }
        identity:
          listen: ["http://127.0.0.1:1"]
        """;

    private static async Task WaitUntilReadyAsync(AtriumProcess process, HttpClient http, int adminPort) =>
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited before /readyz answered.{Environment.NewLine}{process.Transcript()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/readyz"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"/readyz on {adminPort}", diagnostics: process.Transcript);

    private static async Task<JsonNode> AdminAsync(HttpClient http, HttpMethod method, int port, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri($"http://127.0.0.1:{port}{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static string[] Names(JsonNode node) => [.. node.AsObject().Select(p => p.Key)];
}

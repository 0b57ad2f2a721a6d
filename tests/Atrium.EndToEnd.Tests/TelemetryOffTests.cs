using System.Net;
using System.Text.Json;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// <c>atrium run --target=gateway</c> with <c>telemetry.metrics</c> and <c>telemetry.traces</c> off, as
/// <c>bench/proxy.sh --telemetry-off</c> runs it: it still proxies, creates no trace context of its own and tells a
/// scraper why there is nothing to scrape.
/// </summary>
public class TelemetryOffTests
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Run_GatewayWithTelemetryOff_ForwardsTraceparentUnchangedAndRefusesMetrics()
    {
        await using var upstream = await SlowUpstream.StartAsync();
        upstream.Release();
        var (proxyPort, adminPort) = (FreePort.Next(), FreePort.Next());
        using var gateway = AtriumProcess.Run(Config(proxyPort, adminPort, upstream.Address), "--target=gateway");
        using var http = new HttpClient();
        await gateway.WaitUntilReadyAsync(http, adminPort);
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{proxyPort}/slow/traced"));
        request.Headers.Add("traceparent", traceparent);
        using var proxied = await http.SendAsync(request);

        (await proxied.Content.ReadAsStringAsync()).ShouldBe(SlowUpstream.Body, gateway.Transcript());
        await upstream.Received;
        upstream.FirstTraceparent.ShouldBe(traceparent);
        var access = await gateway.WaitForLogAsync(l => l["category"] == "Atrium.Gateway.Access", LogTimeout, "the gateway's access log line");
        access.Has("trace_id").ShouldBeFalse(access.Text);

        using var metrics = await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/metrics"));
        metrics.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var problem = JsonDocument.Parse(await metrics.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().ShouldBe("METRICS_DISABLED");
    }

    private static string Config(int proxyPort, int adminPort, string upstream) => $$"""
        telemetry:
          metrics: false
          traces: false
        gateway:
          listen: ["http://127.0.0.1:{{proxyPort}}"]
          admin:
            listen: ["http://127.0.0.1:{{adminPort}}"]
          routes:
            - id: slow
              match: { path: "/slow/{**rest}" }
              cluster: upstream
          clusters:
            upstream:
              endpoints: ["{{upstream}}"]
        identity:
          listen: ["http://127.0.0.1:1"]
        """;
}

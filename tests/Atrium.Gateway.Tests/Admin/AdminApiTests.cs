using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private GatewayHost? _gateway;
    private string _down = "";

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        _down = FreePort.ClosedAddress();
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: catch-all, match: { path: "/api/{**rest}" }, cluster: echo }
              - { id: exact, match: { path: /api/special }, cluster: echo }
              - { id: first, match: { pathPrefix: /api/first }, cluster: echo, order: -5 }
              - { id: down, match: { path: /down }, cluster: down }
            clusters:
            {{RouteYaml.Cluster("echo", _upstream.Address)}}
            {{RouteYaml.Cluster("down", _down)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Routes_Listed_InPrecedenceOrder()
    {
        using var admin = _gateway!.AdminClient();

        using var routes = JsonDocument.Parse(await admin.GetStringAsync("/admin/routes"));

        routes.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(["first", "exact", "down", "catch-all"]);
        var first = routes.RootElement[0];
        first.GetProperty("rank").GetInt32().ShouldBe(0);
        first.GetProperty("order").GetInt32().ShouldBe(-5);
        first.GetProperty("pathKind").GetString().ShouldBe("Prefix");
        first.GetProperty("cluster").GetString().ShouldBe("echo");
        first.GetProperty("stages").EnumerateArray().Select(s => s.GetString()).ShouldBe(["global-concurrency-limit", "cors", "fault-injection", "authentication", "rate-limit", "ext-authz", "plugins", "aggregation", "traffic-split", "llm-routing", "mirror", "circuit-breaker", "concurrency-limit", "retry", "load-balancing", "forwarding"]);
    }

    [Fact]
    public async Task Clusters_AfterTraffic_ShowEndpointsAndCounters()
    {
        using var client = _gateway!.Client();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("/api/x");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var failed = await client.GetAsync("/down");
        failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using var admin = _gateway.AdminClient();

        using var clusters = JsonDocument.Parse(await admin.GetStringAsync("/admin/clusters"));

        var echo = clusters.RootElement.GetProperty("echo");
        echo.GetProperty("httpVersion").GetString().ShouldBe("1.1");
        var endpoint = echo.GetProperty("endpoints")[0];
        endpoint.GetProperty("address").GetString().ShouldBe(_upstream!.Address);
        endpoint.GetProperty("requests").GetInt64().ShouldBe(3);
        endpoint.GetProperty("failures").GetInt64().ShouldBe(0);
        endpoint.GetProperty("activeRequests").GetInt64().ShouldBe(0);
        var down = clusters.RootElement.GetProperty("down").GetProperty("endpoints")[0];
        down.GetProperty("address").GetString().ShouldBe(_down);
        down.GetProperty("requests").GetInt64().ShouldBe(1);
        down.GetProperty("failures").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Config_Get_ReturnsEffectiveConfigAsJson()
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.GetAsync("/admin/config");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var gateway = config.RootElement.GetProperty("gateway");
        gateway.GetProperty("routes").GetArrayLength().ShouldBe(4);
        gateway.GetProperty("clusters").GetProperty("echo").GetProperty("endpoints")[0].GetString().ShouldBe(_upstream!.Address);
        // Defaults are shown too: the effective config, not the file.
        gateway.GetProperty("routes")[0].GetProperty("maxRequestBodySize").GetInt64().ShouldBe(30 * 1024 * 1024);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_OnAdminListener_Returns200(string path)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ContainGatewayRequestCounter()
    {
        using var client = _gateway!.Client();
        using var ok = await client.GetAsync("/api/metrics-probe");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = _gateway.AdminClient();

        var text = await admin.GetStringAsync("/metrics");

        text.ShouldContain("atrium_gateway_requests_total");
        text.ShouldContain("route=\"catch-all\"");
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ContainInFlightAndResponseBytesByRoute()
    {
        using var client = _gateway!.Client();
        using var ok = await client.GetAsync("/api/metrics-probe");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(0);
        using var admin = _gateway.AdminClient();

        var text = await admin.GetStringAsync("/metrics");

        var bytes = Regex.Match(text, @"^atrium_gateway_response_bytes_total\{[^}]*route=""catch-all""[^}]*\} (\d+)", RegexOptions.Multiline);
        bytes.Success.ShouldBeTrue(text);
        long.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        Regex.IsMatch(text, @"^atrium_gateway_active_requests\{[^}]*route=""catch-all""[^}]*\} \d+", RegexOptions.Multiline).ShouldBeTrue(text);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    [InlineData("/admin/routes")]
    public async Task ProxyListener_AdminAndChassisPaths_AreRoutedNotServed(string path)
    {
        using var client = _gateway!.Client();

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.GetValues("X-Error-Code").ShouldBe(["NOT_FOUND"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
    }
}

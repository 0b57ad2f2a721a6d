using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Admin.Dashboard;

/// <summary><c>GET /admin/dashboard/state</c>, the document the page polls, read over HTTP with the admin token.</summary>
public sealed class DashboardStateTests : IAsyncLifetime
{
    private NamedUpstream _ok = null!;
    private NamedUpstream _failing = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _ok = await NamedUpstream.StartAsync("ok");
        _failing = await NamedUpstream.StartAsync("failing");
        _failing.Status = 500;
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: state-ok, match: { path: /ok }, cluster: ok }
              - { id: state-failing, match: { path: /failing }, cluster: failing }
            clusters:
              ok: { endpoints: ["{{_ok.Address}}"] }
              failing:
                endpoints: ["{{_failing.Address}}"]
                healthCheck: { passive: { enabled: false } }
                circuitBreaker: { enabled: false }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _ok.DisposeAsync();
        await _failing.DisposeAsync();
    }

    [Fact]
    public async Task State_AfterTraffic_RatesErrorsAndPercentilesPerRoute()
    {
        using var admin = _gateway.AdminClient();
        using var client = _gateway.Client();
        // The first read is the window's first sample; what follows is measured against it.
        (await admin.GetStringAsync("/admin/dashboard/state")).ShouldNotBeEmpty();
        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/ok")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        for (var i = 0; i < 4; i++)
        {
            (await client.GetAsync("/failing")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        var routes = await Eventually.ValueAsync(async () =>
        {
            using var state = JsonDocument.Parse(await admin.GetStringAsync("/admin/dashboard/state"));
            var routes = state.RootElement.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
            return routes["state-ok"].GetProperty("traffic").GetProperty("requestsPerSecond").ValueKind == JsonValueKind.Number ? routes : null;
        }, "a second sample of the window");

        var ok = routes["state-ok"];
        ok.GetProperty("match").GetString().ShouldBe("/ok");
        ok.GetProperty("cluster").GetString().ShouldBe("ok");
        ok.GetProperty("policies").EnumerateArray().Select(p => p.GetString()).ShouldBe(["timeout 30s"]);
        var okTraffic = ok.GetProperty("traffic");
        okTraffic.GetProperty("requests").GetInt64().ShouldBe(10);
        okTraffic.GetProperty("requestsPerSecond").GetDouble().ShouldBeGreaterThan(0);
        okTraffic.GetProperty("errorRate").GetDouble().ShouldBe(0);
        var p50 = okTraffic.GetProperty("p50Ms").GetDouble();
        p50.ShouldBeGreaterThan(0);
        okTraffic.GetProperty("p99Ms").GetDouble().ShouldBeGreaterThanOrEqualTo(p50);
        var failing = routes["state-failing"].GetProperty("traffic");
        failing.GetProperty("requests").GetInt64().ShouldBe(4);
        failing.GetProperty("errorRate").GetDouble().ShouldBe(1);
    }

    [Fact]
    public async Task State_Clusters_EndpointsBreakerAndReadiness()
    {
        using var admin = _gateway.AdminClient();

        var answered = await Eventually.ValueAsync(async () =>
        {
            using var state = JsonDocument.Parse(await admin.GetStringAsync("/admin/dashboard/state"));
            var list = state.RootElement.GetProperty("readiness").GetProperty("services").Clone();
            return list.EnumerateArray().All(s => s.GetProperty("status").GetString() != "unknown") ? list.GetRawText() : null;
        }, "every upstream's /readyz answered");
        using var services = JsonDocument.Parse(answered);

        // NamedUpstream answers every path but /healthz with its status: 200 for ok, 500 for failing.
        services.RootElement.EnumerateArray().Select(s => (s.GetProperty("cluster").GetString(), s.GetProperty("status").GetString(), s.GetProperty("httpStatus").GetInt32()))
            .ShouldBe([("failing", "unready", 500), ("ok", "ready", 200)]);
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/admin/dashboard/state"));
        var clusters = document.RootElement.GetProperty("clusters");
        clusters[0].GetProperty("name").GetString().ShouldBe("failing");
        clusters[0].GetProperty("circuitBreaker").GetString().ShouldBe("disabled");
        clusters[1].GetProperty("circuitBreaker").GetString().ShouldBe("closed");
        clusters[1].GetProperty("endpoints")[0].GetProperty("health").GetString().ShouldBe("healthy");
        document.RootElement.GetProperty("readiness").GetProperty("gateway").GetString().ShouldBe("Healthy");
        var reload = document.RootElement.GetProperty("reloads")[0];
        reload.GetProperty("trigger").GetString().ShouldBe("startup");
        reload.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        document.RootElement.GetProperty("orders").GetProperty("inProcess").GetBoolean().ShouldBeFalse();
    }
}

using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Admin.Dashboard;

/// <summary>
/// The orders view of a gateway without the ordering module (the split topology): summed from the <c>/metrics</c> of
/// the upstream endpoints, fake services on loopback serving what the chassis's exporter writes for ordering's and
/// eventing's instruments (label names sorted, the module's meter tag as <c>atrium_module</c>).
/// </summary>
public sealed class RemoteOrderMetricsTests
{
    private const string Ordering = """
        # HELP atrium_saga_steps_total Saga branch calls, by step and outcome.
        # TYPE atrium_saga_steps_total counter
        atrium_saga_steps_total{atrium_module="ordering",outcome="Succeeded",step="Reserve"} 5
        atrium_saga_steps_total{atrium_module="ordering",outcome="Transient",step="Charge"} 2
        atrium_saga_steps_total{atrium_module="ordering",outcome="Succeeded",step="Refund"} 1
        # TYPE atrium_saga_completed_total counter
        atrium_saga_completed_total{atrium_module="ordering",outcome="confirmed",reason=""} 4
        atrium_saga_completed_total{atrium_module="ordering",outcome="cancelled",reason="OUT_OF_STOCK"} 1
        # TYPE atrium_saga_running gauge
        atrium_saga_running{atrium_module="ordering"} 2
        # TYPE atrium_saga_in_flight gauge
        atrium_saga_in_flight{atrium_module="ordering",step="Charge"} 2
        # TYPE atrium_saga_duration_seconds histogram
        atrium_saga_duration_seconds_bucket{atrium_module="ordering",outcome="confirmed",le="+Inf"} 4
        # TYPE atrium_outbox_pending gauge
        atrium_outbox_pending{atrium_module="ordering",outbox="ordering"} 3
        # TYPE atrium_eventing_dead_lettered_total counter
        atrium_eventing_dead_lettered_total{atrium_module="ordering",subscription="ordering.payments"} 1
        # TYPE atrium_eventing_queue_depth gauge
        atrium_eventing_queue_depth{atrium_module="ordering",subscription="ordering.payments"} 4

        """;

    // A second ordering replica: its counts add to the first's.
    private const string OrderingReplica = """
        atrium_saga_steps_total{atrium_module="ordering",outcome="Succeeded",step="Reserve"} 7
        atrium_saga_completed_total{atrium_module="ordering",outcome="cancelled",reason="OUT_OF_STOCK"} 2
        atrium_saga_running{atrium_module="ordering"} 1
        atrium_saga_in_flight{atrium_module="ordering",step="Charge"} 1
        atrium_outbox_pending{atrium_module="ordering",outbox="ordering"} 2
        atrium_eventing_parked_total{atrium_module="ordering",subscription="ordering.payments"} 3

        """;

    [Fact]
    public async Task State_TwoEndpointsServeMetrics_OrdersSummed()
    {
        await using var first = await MetricsUpstream(Ordering);
        await using var second = await MetricsUpstream(OrderingReplica);
        await using var gateway = await Gateway(first.Address, second.Address);

        using var orders = await OrdersAsync(gateway, 2);
        var root = orders.RootElement;
        root.GetProperty("inProcess").GetBoolean().ShouldBeFalse();
        root.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ShouldBe(["read", "read"]);
        root.GetProperty("sagasRunning").GetInt64().ShouldBe(3);
        root.GetProperty("confirmed").GetInt64().ShouldBe(4);
        root.GetProperty("retries").GetInt64().ShouldBe(2);
        root.GetProperty("compensations").GetInt64().ShouldBe(1);
        Counts(root, "cancellations").ShouldBe([("OUT_OF_STOCK", 3)]);
        Counts(root, "inFlight").ShouldBe([("Charge", 3)]);
        Counts(root, "outboxes").ShouldBe([("ordering", 5)]);
        root.GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("step").GetString(), s.GetProperty("outcome").GetString(), s.GetProperty("calls").GetInt64()))
            .ShouldBe([("Charge", "Transient", 2), ("Refund", "Succeeded", 1), ("Reserve", "Succeeded", 12)], ignoreOrder: true);
        var consumer = root.GetProperty("consumers").EnumerateArray().Single();
        consumer.GetProperty("subscription").GetString().ShouldBe("ordering.payments");
        consumer.GetProperty("deadLettered").GetInt64().ShouldBe(1);
        consumer.GetProperty("parked").GetInt64().ShouldBe(3);
        consumer.GetProperty("queueDepth").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task State_OneEndpointDown_ListedUnreachableAndTheOthersValuesShown()
    {
        await using var up = await MetricsUpstream(Ordering);
        var down = FreePort.ClosedAddress();
        await using var gateway = await Gateway(up.Address, down);

        using var orders = await OrdersAsync(gateway, 2, unreachable: 1);
        var sources = orders.RootElement.GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("endpoint").GetString()!, s => s.GetProperty("status").GetString());
        sources[down].ShouldBe("unreachable");
        sources[up.Address].ShouldBe("read");
        orders.RootElement.GetProperty("sagasRunning").GetInt64().ShouldBe(2);
        orders.RootElement.GetProperty("confirmed").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task State_GarbageMetrics_IgnoredWithANoteAndTheValidLinesRead()
    {
        await using var garbage = await MetricsUpstream("""
            <html>not metrics</html>
            atrium_saga_running{atrium_module="ordering"} 6
            atrium_saga_running{step="unterminated} 1
            atrium_saga_completed_total{outcome="confirmed",reason=""} many

            """);
        await using var gateway = await Gateway(garbage.Address);

        using var orders = await OrdersAsync(gateway, 1);
        var source = orders.RootElement.GetProperty("sources").EnumerateArray().Single();
        source.GetProperty("status").GetString().ShouldBe("read");
        source.GetProperty("ignored").GetInt32().ShouldBe(3);
        source.GetProperty("note").GetString().ShouldBe("<html>not metrics</html>");
        orders.RootElement.GetProperty("sagasRunning").GetInt64().ShouldBe(6);
        orders.RootElement.GetProperty("confirmed").GetInt64().ShouldBe(0);
    }

    private static Task<Upstream> MetricsUpstream(string text) => Upstream.StartAsync(app => app.MapGet("/metrics", context =>
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return context.Response.WriteAsync(text);
    }));

    private static Task<GatewayHost> Gateway(params string[] endpoints) => GatewayHost.StartAsync($$"""
        routes:
          - { id: orders, match: { path: /orders }, cluster: ordering }
        clusters:
          ordering:
            endpoints: [{{string.Join(", ", endpoints.Select(e => $"\"{e}\""))}}]
            healthCheck: { passive: { enabled: false } }
        """);

    // The scrape runs in the background of a state request, so the first answers may still show "unknown"; and a scrape
    // has one second, so on a busy machine one may show "unreachable" until a later one reads it. Wait for the statuses
    // the endpoints settle on: every one read, but for the last `unreachable` ones.
    private static async Task<JsonDocument> OrdersAsync(GatewayHost gateway, int endpoints, int unreachable = 0)
    {
        using var admin = gateway.AdminClient();
        var text = await Eventually.ValueAsync(async () =>
        {
            using var state = JsonDocument.Parse(await admin.GetStringAsync("/admin/dashboard/state"));
            var orders = state.RootElement.GetProperty("orders");
            var statuses = orders.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
            return statuses.Count == endpoints
                && statuses.Count(s => s == "read") == endpoints - unreachable
                && statuses.Count(s => s == "unreachable") == unreachable
                ? orders.GetRawText()
                : null;
        }, $"{endpoints - unreachable} endpoints' /metrics read and {unreachable} unreachable");
        return JsonDocument.Parse(text);
    }

    private static List<(string?, long)> Counts(JsonElement orders, string name) =>
        [.. orders.GetProperty(name).EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("count").GetInt64()))];
}

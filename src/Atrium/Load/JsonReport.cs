using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Load;

/// <summary>
/// <c>--report FILE.json</c>: the settings, requests and failures by code, latency percentiles (overall, per request
/// kind and per second), orders by outcome, the balance checks and the customers' emails. Missing figures are null.
/// </summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Render(LoadSettings settings, LoadSnapshot s, IReadOnlyList<Customer> customers)
    {
        var orders = s.Orders;
        var report = new JsonObject
        {
            ["url"] = settings.Url.ToString(),
            ["scenario"] = settings.Scenario.ToString().ToLowerInvariant(),
            ["loop"] = settings.OpenLoop ? "open" : "closed",
            ["rate"] = settings.Rate,
            ["concurrency"] = settings.OpenLoop ? null : settings.Concurrency,
            ["durationSeconds"] = settings.Duration.TotalSeconds,
            ["warmupSeconds"] = settings.Warmup.TotalSeconds,
            ["measuredSeconds"] = s.Elapsed.TotalSeconds,
            ["requests"] = new JsonObject
            {
                ["total"] = s.Requests,
                ["failed"] = s.Errors,
                ["perSecond"] = s.RequestsPerSecond,
                ["errorsByCode"] = Counts(s.ErrorsByCode),
                ["byName"] = new JsonObject(s.ByName.Select(k => KeyValuePair.Create(k.Name, (JsonNode?)new JsonObject
                {
                    ["count"] = k.Count,
                    ["failed"] = k.Errors,
                    ["latencyMs"] = Percentiles(k.Latency),
                }))),
            },
            ["latencyMs"] = Percentiles(s.Latency),
            ["orders"] = new JsonObject
            {
                ["placed"] = orders.Placed,
                ["confirmed"] = orders.Confirmed,
                ["cancelled"] = orders.Cancelled,
                ["cancelledByReason"] = Counts(orders.CancelledByReason),
                ["unsettled"] = orders.Unsettled,
                ["confirmedPerSecond"] = s.Elapsed > TimeSpan.Zero ? orders.Confirmed / s.Elapsed.TotalSeconds : 0,
                ["placeToConfirmedMs"] = Percentiles(orders.PlaceToConfirmed),
            },
            ["balances"] = new JsonObject { ["checked"] = s.Balances.Checked, ["mismatched"] = s.Balances.Mismatched },
            ["customers"] = new JsonArray([.. customers.Select(c => (JsonNode?)c.Email)]),
            ["timeline"] = new JsonArray([.. s.Timeline.Select(p => (JsonNode?)new JsonObject
            {
                ["second"] = p.Second,
                ["requests"] = p.Requests,
                ["failed"] = p.Errors,
                ["latencyMs"] = Percentiles(p.Latency),
            })]),
        };
        return report.ToJsonString(Indented);
    }

    private static JsonObject Counts(IReadOnlyDictionary<string, long> counts) =>
        new(counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value)));

    private static JsonObject Percentiles(LatencyPercentiles p) => new()
    {
        ["p50"] = Number(p.P50),
        ["p90"] = Number(p.P90),
        ["p95"] = Number(p.P95),
        ["p99"] = Number(p.P99),
        ["max"] = Number(p.Max),
    };

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);
}

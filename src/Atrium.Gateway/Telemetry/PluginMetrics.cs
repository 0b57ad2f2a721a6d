using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>The WASM plugins' instruments on the <c>Atrium.Gateway</c> meter.</summary>
internal sealed class PluginMetrics
{
    private readonly Counter<long> _failures;
    private readonly Counter<long> _localResponses;

    public PluginMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _failures = meter.CreateCounter<long>("atrium.gateway.plugin.failures", "{failure}",
            "WASM plugin calls stopped by route, plugin and reason (fuel, memory, trap, body_too_large) and whether the request went on (fail_open).");
        _localResponses = meter.CreateCounter<long>("atrium.gateway.plugin.local_responses", "{response}",
            "Requests a WASM plugin answered itself (proxy_send_local_response), by route and plugin.");
    }

    public void Failure(string route, string plugin, string reason, bool failOpen) =>
        _failures.Add(1, new TagList { { "route", route }, { "plugin", plugin }, { "reason", reason }, { "fail_open", failOpen } });

    public void LocalResponse(string route, string plugin) =>
        _localResponses.Add(1, new TagList { { "route", route }, { "plugin", plugin } });
}

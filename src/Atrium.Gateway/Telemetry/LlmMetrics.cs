using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// LLM routing's instruments: tokens counted from answers' <c>usage</c> (<c>atrium.gateway.llm.tokens</c> by route,
/// model and cluster) and fallbacks to the second cluster (<c>atrium.gateway.llm.fallbacks</c> by route and reason).
/// </summary>
internal sealed class LlmMetrics
{
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _fallbacks;

    public LlmMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _tokens = meter.CreateCounter<long>("atrium.gateway.llm.tokens", "{token}", "Tokens reported by LLM answers' usage, by route, model and cluster.");
        _fallbacks = meter.CreateCounter<long>("atrium.gateway.llm.fallbacks", "{fallback}",
            "LLM requests sent to the fallback cluster, by route and reason (status, unavailable, first_token_timeout).");
    }

    public void Tokens(string route, string model, string cluster, long tokens)
    {
        if (_tokens.Enabled)
        {
            _tokens.Add(tokens, new TagList { { "route", route }, { "model", model }, { "cluster", cluster } });
        }
    }

    public void Fallback(string route, string reason) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("reason", reason));
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// The traffic-policy instruments on the <c>Atrium.Gateway</c> meter: one counter of policy decisions by route,
/// policy and outcome (auth rejections, rate-limited requests, split choices, mirrored or dropped copies, injected
/// faults, shed load), and JWKS fetches by result.
/// </summary>
internal sealed class PolicyMetrics
{
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _jwksFetches;

    public PolicyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _decisions = meter.CreateCounter<long>("atrium.gateway.policy.decisions", "{decision}",
            "Traffic-policy decisions by route, policy (auth, cors, rate_limit, concurrency, split, mirror, fault) and outcome.");
        _jwksFetches = meter.CreateCounter<long>("atrium.gateway.jwks.fetches", "{fetch}", "JWKS document fetches by result.");
    }

    public void Decision(string route, string policy, string outcome)
    {
        // Once per policy per request: with nothing listening (telemetry.metrics off) the tags are not even built.
        if (_decisions.Enabled)
        {
            _decisions.Add(1, new TagList { { "route", route }, { "policy", policy }, { "outcome", outcome } });
        }
    }

    public void JwksFetch(string result) => _jwksFetches.Add(1, new KeyValuePair<string, object?>("result", result));
}

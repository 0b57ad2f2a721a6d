using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// The shared rate-limit store's instruments: whether Redis is deciding (<c>atrium.gateway.rate_limit.redis.up</c>,
/// 1 or 0, only while a route uses <c>store: redis</c>) and the requests decided locally because it was not
/// (<c>atrium.gateway.rate_limit.fallback.decisions</c> by route and outcome).
/// </summary>
internal sealed class RateLimitStoreMetrics
{
    private readonly Counter<long> _fallbacks;
    private Func<bool?> _redisUp = static () => null;

    public RateLimitStoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _fallbacks = meter.CreateCounter<long>("atrium.gateway.rate_limit.fallback.decisions", "{decision}",
            "Requests on store: redis routes decided by the local fallback limit while Redis could not be reached, by route and outcome.");
        meter.CreateObservableGauge("atrium.gateway.rate_limit.redis.up", Observe, "{state}",
            "1 while the shared rate-limit store (Redis) decides, 0 while limits fall back to local ones; absent without store: redis routes.");
    }

    /// <summary>Where the gauge reads the live store's state from (null: no store).</summary>
    public void ObserveRedis(Func<bool?> up) => Volatile.Write(ref _redisUp, up);

    public void Fallback(string route, bool admitted) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("outcome", admitted ? "admitted" : "limited"));

    private IEnumerable<Measurement<int>> Observe() =>
        Volatile.Read(ref _redisUp)() is { } up ? [new Measurement<int>(up ? 1 : 0)] : [];
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// The gateway's meter, <c>Atrium.Gateway</c>: requests by route, cluster, status class and error code; duration;
/// active requests; upstream connect failures; bytes relayed; endpoint health, ejections, probes, circuit state,
/// retries and exhausted retry budgets.
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Atrium.Gateway";

    // Sub-millisecond buckets: a proxy hop is measured in tens of microseconds.
    private static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, RouteTally> _tallies = new(StringComparer.Ordinal);
    private readonly Counter<long> _connectFailures;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _budgetExhausted;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _probes;
    private Func<IEnumerable<(string Cluster, string Endpoint, bool Available)>>? _endpoints;
    private Func<IEnumerable<(string Cluster, int State)>>? _circuits;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("atrium.gateway.requests", "{request}", "Proxied requests by route, cluster, status class and error code.");
        _duration = _meter.CreateHistogram("atrium.gateway.request.duration", "s", "Time from request received to response complete.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        // In flight and bytes are read from per-route tallies at collection time rather than recorded per request.
        _meter.CreateObservableUpDownCounter("atrium.gateway.active_requests", ObserveActive, "{request}", "Requests in flight by route.");
        _connectFailures = _meter.CreateCounter<long>("atrium.gateway.upstream.connect_failures", "{failure}", "Failed connection attempts by cluster.");
        _meter.CreateObservableCounter("atrium.gateway.response.bytes", ObserveBytes, "By", "Response body bytes relayed to clients by route.");
        _retries = _meter.CreateCounter<long>("atrium.gateway.retries", "{retry}", "Retries by cluster, route and outcome of the request (success, failure).");
        _budgetExhausted = _meter.CreateCounter<long>("atrium.gateway.retry_budget.exhausted", "{request}", "Requests denied a retry by the cluster's retry budget.");
        _ejections = _meter.CreateCounter<long>("atrium.gateway.ejections", "{ejection}", "Endpoints ejected by passive outlier detection.");
        _probes = _meter.CreateCounter<long>("atrium.gateway.health.probes", "{probe}", "Active health probes by cluster and result (success, failure).");
        _meter.CreateObservableGauge("atrium.gateway.endpoint.healthy", ObserveEndpoints, "{endpoint}",
            "1 when the endpoint gets traffic (healthy and not ejected), else 0.");
        _meter.CreateObservableGauge("atrium.gateway.circuit.state", ObserveCircuits, "{state}",
            "The cluster's circuit: 0 closed, 1 half-open, 2 open.");
    }

    /// <summary>
    /// Where the gauges read the live clusters from (the runtime's current snapshot): each endpoint and whether it gets
    /// traffic, each cluster's circuit state. Read at collection time only, by the folder that owns the clusters, so
    /// that metrics depend on no cluster or breaker type.
    /// </summary>
    public void ObserveClusters(Func<IEnumerable<(string Cluster, string Endpoint, bool Available)>> endpoints,
        Func<IEnumerable<(string Cluster, int State)>> circuits)
    {
        _endpoints = endpoints;
        _circuits = circuits;
    }

    public void Retried(string cluster, string route, int retries, bool succeeded) =>
        _retries.Add(retries, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));

    public void RetryBudgetExhausted(string cluster, string route) =>
        _budgetExhausted.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("route", route));

    public void Ejected(string cluster, string endpoint) =>
        _ejections.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Probed(string cluster, bool success) =>
        _probes.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("result", success ? "success" : "failure"));

    /// <summary>Counts a request in flight on the route; hand the tally back to <see cref="RequestEnded"/>.</summary>
    public RouteTally RequestStarted(string route)
    {
        if (!_tallies.TryGetValue(route, out var tally))
        {
            tally = _tallies.GetOrAdd(route, static r => new RouteTally(r));
        }

        tally.Start();
        return tally;
    }

    public void RequestEnded(RouteTally tally, string cluster, int status, string? errorCode, double seconds, long bytes, bool connectFailed)
    {
        tally.End(bytes);
        var route = tally.Route;
        var statusClass = StatusClass(status);
        // Each instrument is enabled only while something listens (a meter provider, the dashboard's reader): with
        // telemetry.metrics off the request counter's tags are not built at all.
        if (_requests.Enabled)
        {
            var tags = new TagList
            {
                { "route", route },
                { "cluster", cluster },
                { "status_class", statusClass },
                { "code", errorCode ?? "" },
            };
            _requests.Add(1, tags);
        }

        if (_duration.Enabled)
        {
            _duration.Record(seconds, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("cluster", cluster),
                new KeyValuePair<string, object?>("status_class", statusClass));
        }

        if (connectFailed)
        {
            _connectFailures.Add(1, new KeyValuePair<string, object?>("cluster", cluster));
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveActive()
    {
        foreach (var tally in _tallies.Values)
        {
            if (tally.HasStarted)
            {
                yield return new Measurement<long>(tally.Active, new KeyValuePair<string, object?>("route", tally.Route));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBytes()
    {
        foreach (var tally in _tallies.Values)
        {
            // A route that relayed no body bytes yet has no series, as when each response was recorded.
            if (tally.Bytes > 0)
            {
                yield return new Measurement<long>(tally.Bytes, new KeyValuePair<string, object?>("route", tally.Route));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveEndpoints()
    {
        if (_endpoints?.Invoke() is not { } endpoints)
        {
            yield break;
        }

        foreach (var (cluster, endpoint, available) in endpoints)
        {
            yield return new Measurement<int>(available ? 1 : 0,
                new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("endpoint", endpoint));
        }
    }

    private IEnumerable<Measurement<int>> ObserveCircuits()
    {
        if (_circuits?.Invoke() is not { } circuits)
        {
            yield break;
        }

        foreach (var (cluster, state) in circuits)
        {
            yield return new Measurement<int>(state, new KeyValuePair<string, object?>("cluster", cluster));
        }
    }

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// The gateway's meter, <c>Atrium.Gateway</c>: requests by route, cluster, status class and error code; duration;
/// active requests; upstream connect failures; bytes relayed.
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
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _connectFailures;
    private readonly Counter<long> _responseBytes;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("atrium.gateway.requests", "{request}", "Proxied requests by route, cluster, status class and error code.");
        _duration = _meter.CreateHistogram("atrium.gateway.request.duration", "s", "Time from request received to response complete.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _active = _meter.CreateUpDownCounter<long>("atrium.gateway.active_requests", "{request}", "Requests in flight by route.");
        _connectFailures = _meter.CreateCounter<long>("atrium.gateway.upstream.connect_failures", "{failure}", "Failed connection attempts by cluster.");
        _responseBytes = _meter.CreateCounter<long>("atrium.gateway.response.bytes", "By", "Response body bytes relayed to clients by route.");
    }

    public void RequestStarted(string route) => _active.Add(1, new KeyValuePair<string, object?>("route", route));

    public void RequestEnded(string route, string cluster, int status, string? errorCode, double seconds, long bytes, bool connectFailed)
    {
        _active.Add(-1, new KeyValuePair<string, object?>("route", route));
        var statusClass = StatusClass(status);
        var tags = new TagList
        {
            { "route", route },
            { "cluster", cluster },
            { "status_class", statusClass },
            { "code", errorCode ?? "" },
        };
        _requests.Add(1, tags);
        _duration.Record(seconds, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("cluster", cluster),
            new KeyValuePair<string, object?>("status_class", statusClass));
        if (bytes > 0)
        {
            _responseBytes.Add(bytes, new KeyValuePair<string, object?>("route", route));
        }

        if (connectFailed)
        {
            _connectFailures.Add(1, new KeyValuePair<string, object?>("cluster", cluster));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}

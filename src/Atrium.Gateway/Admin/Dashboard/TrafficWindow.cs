namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Rates over the last ten seconds or so, from the cumulative per-route counts: a sample is kept at most once a
/// second when the dashboard asks, and each answer compares the counts now with the oldest sample still in the
/// window. Nothing runs while nobody looks.
/// </summary>
internal sealed class TrafficWindow(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private readonly Queue<(long Timestamp, IReadOnlyDictionary<string, RouteTrafficCounts> Counts)> _samples = new();
    private readonly Lock _gate = new();

    /// <summary>Each route's traffic over the window, from <paramref name="now"/>, the counts as they stand.</summary>
    public IReadOnlyDictionary<string, RouteTrafficView> Rates(IReadOnlyDictionary<string, RouteTrafficCounts> now)
    {
        var timestamp = time.GetTimestamp();
        (long Timestamp, IReadOnlyDictionary<string, RouteTrafficCounts> Counts) baseline;
        lock (_gate)
        {
            while (_samples.Count > 1 && time.GetElapsedTime(_samples.Peek().Timestamp, timestamp) > Window)
            {
                _samples.Dequeue();
            }

            if (_samples.Count == 0 || time.GetElapsedTime(_samples.Last().Timestamp, timestamp) >= SampleEvery)
            {
                _samples.Enqueue((timestamp, now));
            }

            baseline = _samples.Peek();
        }

        var seconds = time.GetElapsedTime(baseline.Timestamp, timestamp).TotalSeconds;
        var views = new Dictionary<string, RouteTrafficView>(StringComparer.Ordinal);
        foreach (var (route, counts) in now)
        {
            var delta = counts.Since(baseline.Counts.GetValueOrDefault(route, RouteTrafficCounts.Zero));
            views[route] = new RouteTrafficView(
                Math.Round(seconds, 1),
                seconds > 0 ? Math.Round(delta.Requests / seconds, 2) : null,
                delta.Requests > 0 ? Math.Round((double)delta.Errors / delta.Requests, 4) : null,
                LatencyHistogram.Percentile(delta.Buckets, 0.50),
                LatencyHistogram.Percentile(delta.Buckets, 0.99),
                counts.Requests);
        }

        return views;
    }
}

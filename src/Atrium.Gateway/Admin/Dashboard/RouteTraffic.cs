namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// One route's requests since the process started, written from the proxy's request path: three interlocked
/// increments per request and no lock, so the dashboard costs the proxy nothing it would notice.
/// </summary>
internal sealed class RouteTraffic
{
    private readonly long[] _buckets = new long[LatencyHistogram.Buckets];
    private long _requests;
    private long _errors;

    public void Record(double seconds, bool serverError)
    {
        Interlocked.Increment(ref _requests);
        if (serverError)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Increment(ref _buckets[LatencyHistogram.IndexOf(seconds)]);
    }

    /// <summary>The counts as they stand; concurrent requests may land on either side of the read.</summary>
    public RouteTrafficCounts Read()
    {
        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Volatile.Read(ref _buckets[i]);
        }

        return new RouteTrafficCounts(Volatile.Read(ref _requests), Volatile.Read(ref _errors), buckets);
    }
}

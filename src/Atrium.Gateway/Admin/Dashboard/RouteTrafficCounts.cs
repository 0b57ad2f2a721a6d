namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A route's cumulative requests, 5xx answers and latency buckets at one moment.</summary>
internal sealed record RouteTrafficCounts(long Requests, long Errors, long[] Buckets)
{
    public static readonly RouteTrafficCounts Zero = new(0, 0, new long[LatencyHistogram.Buckets]);

    /// <summary>What was counted between <paramref name="earlier"/> and this.</summary>
    public RouteTrafficCounts Since(RouteTrafficCounts earlier)
    {
        var buckets = new long[Buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Buckets[i] - earlier.Buckets[i];
        }

        return new RouteTrafficCounts(Requests - earlier.Requests, Errors - earlier.Errors, buckets);
    }
}

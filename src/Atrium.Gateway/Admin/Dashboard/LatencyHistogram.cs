namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The dashboard's latency buckets: bounds growing by a quarter from 50 µs to a minute (64 buckets and one for
/// longer), so a percentile read from them is within 25 % of the true value at any scale a proxy hop takes.
/// </summary>
internal static class LatencyHistogram
{
    private const double Smallest = 0.00005;
    private const double Growth = 1.25;

    /// <summary>The number of buckets, the last one holding everything above a minute.</summary>
    public const int Buckets = 65;

    private static readonly double LogGrowth = Math.Log(Growth);

    /// <summary>The bucket a duration of <paramref name="seconds"/> falls in: the first whose upper bound holds it.</summary>
    public static int IndexOf(double seconds) =>
        seconds <= Smallest ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(seconds / Smallest) / LogGrowth));

    /// <summary>The upper bound of bucket <paramref name="index"/>, in seconds.</summary>
    public static double UpperBound(int index) => Smallest * Math.Pow(Growth, index);

    /// <summary>
    /// The <paramref name="quantile"/> (0–1) of the durations counted in <paramref name="counts"/>, in milliseconds: the
    /// upper bound of the bucket that holds it; null when nothing was counted.
    /// </summary>
    public static double? Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Round(UpperBound(i) * 1000, 3);
            }
        }

        return Math.Round(UpperBound(counts.Length - 1) * 1000, 3);
    }
}

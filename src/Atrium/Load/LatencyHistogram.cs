namespace Atrium.Load;

/// <summary>
/// Latencies in buckets 1% wide from 10 µs up (as HdrHistogram does, less finely): a percentile costs the same after a
/// million requests as after ten, and is within 1% of the exact one. Not thread-safe; <see cref="LoadStats"/> locks.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double Smallest = 0.01;
    private static readonly double Growth = Math.Log(1.01);

    // Up to ~10 minutes; anything slower lands in the last bucket.
    private readonly long[] _counts = new long[1850];

    public long Count { get; private set; }

    public double Max { get; private set; }

    public void Record(double milliseconds)
    {
        var index = milliseconds <= Smallest ? 0 : Math.Min(_counts.Length - 1, (int)Math.Ceiling(Math.Log(milliseconds / Smallest) / Growth));
        _counts[index]++;
        Count++;
        Max = Math.Max(Max, milliseconds);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The latency at or under which <paramref name="fraction"/> of the recorded ones fall; NaN when empty.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                // The bucket's upper bound, but never past the slowest seen.
                return Math.Min(Max, Smallest * Math.Exp(i * Growth));
            }
        }

        return Max;
    }

    public LatencyPercentiles Percentiles() => new(Percentile(0.50), Percentile(0.90), Percentile(0.95), Percentile(0.99), Count == 0 ? double.NaN : Max);
}

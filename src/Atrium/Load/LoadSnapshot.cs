namespace Atrium.Load;

/// <summary>What a run has counted so far, over the measured window.</summary>
internal sealed record LoadSnapshot(
    TimeSpan Elapsed,
    long Requests,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    LatencyPercentiles Latency,
    IReadOnlyList<RequestKind> ByName,
    OrderCounts Orders,
    BalanceCounts Balances,
    IReadOnlyList<TimelinePoint> Timeline)
{
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
}

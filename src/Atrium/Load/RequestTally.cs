namespace Atrium.Load;

/// <summary>One kind of request's count, failures and latencies.</summary>
internal sealed class RequestTally
{
    public long Count { get; set; }

    public long Errors { get; set; }

    public LatencyHistogram Latency { get; } = new();
}

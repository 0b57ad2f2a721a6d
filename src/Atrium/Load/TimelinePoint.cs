namespace Atrium.Load;

/// <summary>One second of the measured window: requests, failures and their latency percentiles.</summary>
internal sealed record TimelinePoint(int Second, long Requests, long Errors, LatencyPercentiles Latency);

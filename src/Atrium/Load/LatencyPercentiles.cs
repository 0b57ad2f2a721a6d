namespace Atrium.Load;

/// <summary>Latency percentiles in milliseconds (NaN when nothing was recorded).</summary>
internal sealed record LatencyPercentiles(double P50, double P90, double P95, double P99, double Max);

namespace Atrium.Load;

/// <summary>One kind of request (method and route) over the measured window.</summary>
internal sealed record RequestKind(string Name, long Count, long Errors, LatencyPercentiles Latency);

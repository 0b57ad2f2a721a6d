namespace Atrium.Load;

/// <summary>
/// What the server spent over the measured window (<see cref="ServerProbe"/>); Cpu is null without --server-pid, and
/// GcPauseSeconds null without --server-metrics or when a scrape failed (the histograms are then empty).
/// </summary>
internal sealed record ServerUsage(TimeSpan? Cpu, TimeSpan OwnCpu, double? GcPauseSeconds, PrometheusHistogram Delivery, PrometheusHistogram Relay);

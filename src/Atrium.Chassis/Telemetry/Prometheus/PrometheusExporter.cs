using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// Renders each collected batch to Prometheus text while its points are still valid.
/// </summary>
/// <remarks>
/// Only <see cref="PrometheusMetricReader"/> calls it, under the reader's scrape lock. It is not marked
/// pull-only: the SDK lets pull-only exporters collect only inside its internal <c>PullMetricScope</c>.
/// </remarks>
internal sealed class PrometheusExporter(ILogger logger) : BaseExporter<Metric>
{
    // A clash repeats on every scrape; it is reported once per instrument to keep the log readable.
    private readonly ConcurrentDictionary<string, bool> _reportedConflicts = new(StringComparer.Ordinal);

    /// <summary>Gets the text rendered by the last export.</summary>
    public string LastScrape { get; private set; } = string.Empty;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var builder = new PrometheusSnapshotBuilder();
        foreach (var metric in batch)
        {
            if (!builder.Add(metric) && _reportedConflicts.TryAdd(metric.MeterName + "/" + metric.Name, true))
            {
                PrometheusLog.MetricConflict(logger, metric.MeterName, metric.Name);
            }
        }

        LastScrape = PrometheusTextWriter.Write(builder.Families);
        return ExportResult.Success;
    }
}

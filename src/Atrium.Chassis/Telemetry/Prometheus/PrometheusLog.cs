using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// Log messages of the Prometheus exporter.
/// </summary>
internal static partial class PrometheusLog
{
    [LoggerMessage(EventId = TelemetryEventIds.MetricConflict, Level = LogLevel.Warning,
        Message = "Metric {InstrumentName} of meter {MeterName} clashes with another metric of the same Prometheus name and a different type or bucket layout; its points are left out of the scrape")]
    public static partial void MetricConflict(ILogger logger, string meterName, string instrumentName);
}

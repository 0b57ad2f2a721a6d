namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// The Prometheus metric types this exporter writes.
/// </summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}

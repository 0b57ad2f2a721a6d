using OpenTelemetry.Metrics;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// A pull reader: each scrape collects with cumulative temporality and returns the rendered text.
/// </summary>
internal sealed class PrometheusMetricReader : BaseExportingMetricReader
{
    private readonly PrometheusExporter _exporter;
    private readonly Lock _scrapeLock = new();

    public PrometheusMetricReader(PrometheusExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    }

    /// <summary>
    /// Collects and renders all current metrics; concurrent callers are served one after another.
    /// </summary>
    /// <exception cref="InvalidOperationException">The collection failed or the reader is shut down.</exception>
    public string Scrape()
    {
        // The exporter keeps a single result, so a collect and the read of its output must not interleave.
        lock (_scrapeLock)
        {
            if (!Collect())
            {
                throw new InvalidOperationException("Metric collection failed or the meter provider is shut down.");
            }

            return _exporter.LastScrape;
        }
    }
}

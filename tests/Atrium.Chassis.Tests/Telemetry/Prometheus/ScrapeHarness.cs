using Atrium.Chassis.Telemetry.Prometheus;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Atrium.Chassis.Tests.Telemetry.Prometheus;

/// <summary>
/// A meter provider listening only to meters named <see cref="MeterName"/>, scraped by our reader.
/// </summary>
internal sealed class ScrapeHarness : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly PrometheusMetricReader _reader;

    public ScrapeHarness()
    {
        MeterName = "Test.Exporter." + Guid.NewGuid().ToString("N");
        _reader = new PrometheusMetricReader(new PrometheusExporter(NullLogger.Instance));
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(MeterName).AddReader(_reader).Build();
    }

    public string MeterName { get; }

    public string Scrape() => _reader.Scrape();

    public void Dispose() => _provider.Dispose();
}

using System.Diagnostics.Metrics;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Telemetry.Prometheus;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// One module's tracer and meter providers, whose resource names the module, and its Prometheus reader; each is absent
/// when its signal is off (<see cref="TelemetryOptions.Traces"/>, <see cref="TelemetryOptions.Metrics"/>).
/// </summary>
internal sealed class ModuleProviders(TracerProvider? tracer, MeterProvider? meter, PrometheusMetricReader? prometheus) : IDisposable
{
    /// <summary>The module's Prometheus reader; <see langword="null"/> when metrics are off.</summary>
    public PrometheusMetricReader? Prometheus { get; } = prometheus;

    public static ModuleProviders Build(
        TelemetryOptions options, string module, bool ownsProcess, IReadOnlyCollection<string> modules, ILogger logger)
    {
        var resource = TelemetryResource.Create(options, module, modules.Count == 1);

        // Spans are recorded only when something exports them. Without an exporter a propagation-only listener
        // keeps trace ids in logs and trace context on outgoing calls; recording spans nobody can read cost about
        // a fifth of the gateway's CPU per request.
        TracerProvider? tracer = null;
        if (options.Traces && options.Otlp.IsEnabled)
        {
            var exporterOptions = new OtlpExporterOptions();
            OtlpExporterSettings.Apply(options.Otlp, "traces", exporterOptions);
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(AtriumTelemetry.Sources)
                .AddProcessor(new ModuleSpanExportProcessor(new OtlpTraceExporter(exporterOptions), module, ownsProcess, modules));
            if (options.TraceSamplingRatio is { } ratio)
            {
                // Without a sampler set here the SDK takes OTEL_TRACES_SAMPLER(_ARG), or samples every trace. Every
                // module's provider decides alike, since the ratio sampler decides by trace id.
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
            }

            tracer = tracing.Build();
        }

        if (!options.Metrics)
        {
            // No provider means no listener: every instrument stays disabled and its recordings return at once.
            return new ModuleProviders(tracer, null, null);
        }

        var prometheus = new PrometheusMetricReader(new PrometheusExporter(logger));
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(AtriumTelemetry.Meters)
            .AddView(instrument => ModuleAttribution.Of(instrument.Meter, modules) is { } owner
                ? owner == module ? StreamOf(instrument) : MetricStreamConfiguration.Drop
                : ownsProcess ? StreamOf(instrument) : MetricStreamConfiguration.Drop)
            .AddReader(prometheus);
        if (options.Otlp.IsEnabled)
        {
            metrics.AddOtlpExporter(o => OtlpExporterSettings.Apply(options.Otlp, "metrics", o));
        }

        try
        {
            return new ModuleProviders(tracer, metrics.Build(), prometheus);
        }
        catch
        {
            tracer?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The SDK allocates every stream's points up front, 2,000 by default (about 200 KB each); the series of the
    /// runtime, Kestrel's connections and the config store take a handful of tag combinations, fixed by the process
    /// rather than by its traffic or its routes, so they get <see cref="BoundedSeriesLimit"/>. Everything else keeps
    /// the default.
    /// </summary>
    internal static MetricStreamConfiguration? StreamOf(Instrument instrument) =>
        instrument.Meter.Name is "System.Runtime" or "Microsoft.AspNetCore.Server.Kestrel" or ConfigMetrics.MeterName
            ? BoundedSeries
            : null;

    /// <summary>The points per stream of the series whose tags the process fixes.</summary>
    internal const int BoundedSeriesLimit = 200;

    private static readonly MetricStreamConfiguration BoundedSeries = new() { CardinalityLimit = BoundedSeriesLimit };

    public void Dispose()
    {
        tracer?.ForceFlush();
        meter?.ForceFlush();
        tracer?.Dispose();
        meter?.Dispose();
    }
}

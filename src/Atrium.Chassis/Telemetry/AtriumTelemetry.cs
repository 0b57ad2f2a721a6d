using System.Diagnostics;
using System.Text;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Telemetry.Prometheus;
using Atrium.Chassis.Telemetry.Propagation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// The process's tracer and meter providers, its Prometheus reader and its trace context propagator.
/// </summary>
/// <remarks>
/// Start one per process, before any web application or <see cref="HttpClient"/> is built, so that both pick
/// up the propagator, and dispose it at shutdown to flush pending exports.
/// </remarks>
public sealed class AtriumTelemetry : IDisposable
{
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Grpc.Net.Client", "Atrium.*"];

    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Atrium.*",
    ];

    private static int s_started;

    private readonly TracerProvider? _tracerProvider;
    private readonly PropagationOnlyListener? _propagationOnly;
    private readonly MeterProvider _meterProvider;
    private readonly PrometheusMetricReader _prometheus;
    private readonly DistributedContextPropagator _previousPropagator;
    private int _disposed;

    private AtriumTelemetry(
        TracerProvider? tracerProvider,
        MeterProvider meterProvider,
        PrometheusMetricReader prometheus,
        DistributedContextPropagator previousPropagator)
    {
        _tracerProvider = tracerProvider;
        _propagationOnly = tracerProvider is null ? new PropagationOnlyListener(Sources) : null;
        _meterProvider = meterProvider;
        _prometheus = prometheus;
        _previousPropagator = previousPropagator;
    }

    /// <summary>
    /// Builds the providers, exporting over OTLP when <see cref="OtlpOptions.Endpoint"/> is set, and makes the
    /// W3C-plus-B3 propagator the process-wide <see cref="DistributedContextPropagator.Current"/>.
    /// </summary>
    /// <param name="options">The validated telemetry options.</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute (<c>OTEL_SERVICE_NAME</c> takes its place when set).</param>
    /// <param name="diagnostics">Where the telemetry code logs its own problems; <see langword="null"/> for nowhere.</param>
    /// <returns>The running telemetry; dispose it at shutdown.</returns>
    /// <exception cref="InvalidOperationException">Another instance is running in this process.</exception>
    public static AtriumTelemetry Start(TelemetryOptions options, string serviceName, ILoggerFactory? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (Interlocked.Exchange(ref s_started, 1) == 1)
        {
            throw new InvalidOperationException("Telemetry is already started in this process; dispose the running instance first.");
        }

        try
        {
            var logger = (diagnostics ?? NullLoggerFactory.Instance).CreateLogger<AtriumTelemetry>();
            var resource = TelemetryResource.Create(options, serviceName);
            var prometheus = new PrometheusMetricReader(new PrometheusExporter(logger));

            // Spans are recorded only when something exports them. Without an exporter a propagation-only listener
            // keeps trace ids in logs and trace context on outgoing calls; recording spans nobody can read cost about
            // a fifth of the gateway's CPU per request.
            var tracing = options.Otlp.IsEnabled
                ? Sdk.CreateTracerProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddSource(Sources)
                    .AddOtlpExporter(o => OtlpExporterSettings.Apply(options.Otlp, "traces", o))
                : null;
            if (tracing is not null && options.TraceSamplingRatio is { } ratio)
            {
                // Without a sampler set here the SDK takes OTEL_TRACES_SAMPLER(_ARG), or samples every trace.
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
            }
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(Meters)
                .AddReader(prometheus);
            if (options.Otlp.IsEnabled)
            {
                metrics.AddOtlpExporter(o => OtlpExporterSettings.Apply(options.Otlp, "metrics", o));
            }

            var tracerProvider = tracing?.Build();
            MeterProvider meterProvider;
            try
            {
                meterProvider = metrics.Build();
            }
            catch
            {
                tracerProvider?.Dispose();
                throw;
            }

            var previous = DistributedContextPropagator.Current;
            DistributedContextPropagator.Current = AtriumPropagator.Instance;
            var telemetry = new AtriumTelemetry(tracerProvider, meterProvider, prometheus, previous);
            TelemetryLog.Started(logger, serviceName, options.Otlp.IsEnabled ? ConfigRedactor.RedactText(options.Otlp.EffectiveEndpoint!) : "off");
            return telemetry;
        }
        catch
        {
            Volatile.Write(ref s_started, 0);
            throw;
        }
    }

    /// <summary>
    /// Collects all current metrics and writes them in the Prometheus text format (version 0.0.4, UTF-8).
    /// </summary>
    /// <param name="destination">The stream to write to; it is left open.</param>
    public void WriteMetrics(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Encoding.UTF8.GetBytes(_prometheus.Scrape()));
    }

    /// <summary>
    /// Collects all current metrics and writes them in the Prometheus text format (version 0.0.4, UTF-8).
    /// </summary>
    /// <param name="destination">The stream to write to; it is left open.</param>
    /// <param name="cancellationToken">Cancels the write (the collection itself is not interrupted).</param>
    /// <returns>A task that completes when the text is written.</returns>
    public async Task WriteMetricsAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Encoding.UTF8.GetBytes(_prometheus.Scrape());
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Flushes pending spans and metrics to their exporters, shuts the providers down and restores the
    /// propagator that was current before <see cref="Start"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _tracerProvider?.ForceFlush();
        _meterProvider.ForceFlush();
        _tracerProvider?.Dispose();
        _propagationOnly?.Dispose();
        _meterProvider.Dispose();
        DistributedContextPropagator.Current = _previousPropagator;
        Volatile.Write(ref s_started, 0);
    }
}

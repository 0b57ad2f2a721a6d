using System.Diagnostics;
using System.Text;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Telemetry.Prometheus;
using Atrium.Chassis.Telemetry.Propagation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// The process's tracer and meter providers (one of each per module, <see cref="ModuleAttribution"/>), their Prometheus
/// readers and the trace context propagator.
/// </summary>
/// <remarks>
/// Start one per process, before any web application or <see cref="HttpClient"/> is built, so that both pick
/// up the propagator, and dispose it at shutdown to flush pending exports.
/// </remarks>
public sealed class AtriumTelemetry : IDisposable
{
    internal static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Grpc.Net.Client", "Atrium.*"];

    internal static readonly string[] Meters =
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

    private readonly Dictionary<string, ModuleProviders> _modules;
    private readonly ModuleProviders _owner;
    private readonly PropagationOnlyListener? _propagationOnly;
    private readonly DistributedContextPropagator _previousPropagator;
    private int _disposed;

    private AtriumTelemetry(Dictionary<string, ModuleProviders> modules, ModuleProviders owner, TelemetryOptions options, DistributedContextPropagator previousPropagator)
    {
        _modules = modules;
        _owner = owner;
        Metrics = options.Metrics;
        Traces = options.Traces;
        // Traces on without an exporter: trace context is still created and propagated, spans are not recorded.
        _propagationOnly = options.Traces && !options.Otlp.IsEnabled ? new PropagationOnlyListener(Sources) : null;
        _previousPropagator = previousPropagator;
    }

    /// <summary>Whether metrics are collected (<see cref="TelemetryOptions.Metrics"/>); off, there is nothing to scrape.</summary>
    internal bool Metrics { get; }

    /// <summary>
    /// Whether traces are made (<see cref="TelemetryOptions.Traces"/>); off, no activity listener runs and web hosts
    /// start no request activity either.
    /// </summary>
    internal bool Traces { get; }

    /// <summary>
    /// Builds the providers of one service, exporting over OTLP when it is configured, and makes the W3C-plus-B3
    /// propagator the process-wide <see cref="DistributedContextPropagator.Current"/>.
    /// </summary>
    /// <param name="options">The validated telemetry options.</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute (<c>OTEL_SERVICE_NAME</c> takes its place when set).</param>
    /// <param name="diagnostics">Where the telemetry code logs its own problems; <see langword="null"/> for nowhere.</param>
    /// <returns>The running telemetry; dispose it at shutdown.</returns>
    /// <exception cref="InvalidOperationException">Another instance is running in this process.</exception>
    public static AtriumTelemetry Start(TelemetryOptions options, string serviceName, ILoggerFactory? diagnostics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        return Start(options, [serviceName], diagnostics);
    }

    /// <summary>
    /// Builds a tracer and a meter provider per module, each with the module's <c>service.name</c>, exporting over OTLP
    /// when it is configured, and makes the W3C-plus-B3 propagator the process-wide
    /// <see cref="DistributedContextPropagator.Current"/>.
    /// </summary>
    /// <param name="options">The validated telemetry options.</param>
    /// <param name="modules">
    /// The modules of the process. The first also reports what belongs to the process rather than to a module (the
    /// runtime's series, spans outside any request), and any module not listed is reported as part of it.
    /// </param>
    /// <param name="diagnostics">Where the telemetry code logs its own problems; <see langword="null"/> for nowhere.</param>
    /// <returns>The running telemetry; dispose it at shutdown.</returns>
    /// <exception cref="InvalidOperationException">Another instance is running in this process.</exception>
    public static AtriumTelemetry Start(TelemetryOptions options, IReadOnlyList<string> modules, ILoggerFactory? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentOutOfRangeException.ThrowIfZero(modules.Count);
        if (Interlocked.Exchange(ref s_started, 1) == 1)
        {
            throw new InvalidOperationException("Telemetry is already started in this process; dispose the running instance first.");
        }

        var built = new Dictionary<string, ModuleProviders>(StringComparer.Ordinal);
        try
        {
            var logger = (diagnostics ?? NullLoggerFactory.Instance).CreateLogger<AtriumTelemetry>();
            var names = modules.Distinct(StringComparer.Ordinal).ToList();
            foreach (var module in names)
            {
                built[module] = ModuleProviders.Build(options, module, module == names[0], names, logger);
            }

            var previous = DistributedContextPropagator.Current;
            DistributedContextPropagator.Current = AtriumPropagator.Instance;
            var telemetry = new AtriumTelemetry(built, built[names[0]], options, previous);
            TelemetryLog.Started(logger, string.Join(", ", names), options.Otlp.IsEnabled ? ConfigRedactor.RedactText(options.Otlp.EffectiveEndpoint!) : "off");
            return telemetry;
        }
        catch
        {
            foreach (var providers in built.Values)
            {
                providers.Dispose();
            }

            Volatile.Write(ref s_started, 0);
            throw;
        }
    }

    /// <summary>
    /// Collects the current metrics of the first module (with the process's own series) and writes them in the
    /// Prometheus text format (version 0.0.4, UTF-8).
    /// </summary>
    /// <param name="destination">The stream to write to; it is left open.</param>
    /// <exception cref="InvalidOperationException">Metrics are off (<see cref="TelemetryOptions.Metrics"/>).</exception>
    public void WriteMetrics(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Encoding.UTF8.GetBytes(ReaderOf(_owner).Scrape()));
    }

    /// <summary>
    /// Collects the current metrics of <paramref name="module"/> and writes them in the Prometheus text format
    /// (version 0.0.4, UTF-8): the module's own series, and the process's (runtime, HttpClient without a container,
    /// static meters) only for the first module, so that scraping every endpoint of a process counts them once.
    /// </summary>
    /// <param name="module">The module; one that was not passed to <see cref="Start(TelemetryOptions, IReadOnlyList{string}, ILoggerFactory?)"/> gets the first module's.</param>
    /// <param name="destination">The stream to write to; it is left open.</param>
    /// <param name="cancellationToken">Cancels the write (the collection itself is not interrupted).</param>
    /// <returns>A task that completes when the text is written.</returns>
    /// <exception cref="InvalidOperationException">Metrics are off (<see cref="TelemetryOptions.Metrics"/>).</exception>
    public async Task WriteMetricsAsync(string? module, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var providers = module is not null && _modules.TryGetValue(module, out var own) ? own : _owner;
        var bytes = Encoding.UTF8.GetBytes(ReaderOf(providers).Scrape());
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Collects the current metrics of the first module (with the process's own series) and writes them in the
    /// Prometheus text format (version 0.0.4, UTF-8).
    /// </summary>
    /// <param name="destination">The stream to write to; it is left open.</param>
    /// <param name="cancellationToken">Cancels the write (the collection itself is not interrupted).</param>
    /// <returns>A task that completes when the text is written.</returns>
    /// <exception cref="InvalidOperationException">Metrics are off (<see cref="TelemetryOptions.Metrics"/>).</exception>
    public Task WriteMetricsAsync(Stream destination, CancellationToken cancellationToken = default) =>
        WriteMetricsAsync(null, destination, cancellationToken);

    private static PrometheusMetricReader ReaderOf(ModuleProviders providers) =>
        providers.Prometheus ?? throw new InvalidOperationException("Metrics are off in this process (telemetry.metrics: false).");

    /// <summary>
    /// Flushes pending spans and metrics to their exporters, shuts the providers down and restores the
    /// propagator that was current before <see cref="Start(TelemetryOptions, IReadOnlyList{string}, ILoggerFactory?)"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var providers in _modules.Values)
        {
            providers.Dispose();
        }

        _propagationOnly?.Dispose();
        DistributedContextPropagator.Current = _previousPropagator;
        Volatile.Write(ref s_started, 0);
    }
}

using System.ComponentModel.DataAnnotations;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Traces, metrics and logs settings, bound from the <c>telemetry:</c> section of the configuration file.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The config section name.</summary>
    public const string Section = "telemetry";

    /// <summary>
    /// Gets or sets the <c>service.namespace</c> resource attribute.
    /// </summary>
    /// <value>Defaults to <c>"atrium"</c>; <see langword="null"/> or empty leaves the attribute out.</value>
    public string? ServiceNamespace { get; set; } = "atrium";

    /// <summary>
    /// Gets or sets the OTLP export settings.
    /// </summary>
    /// <value>Defaults to an <see cref="OtlpOptions"/> with no endpoint, so nothing is exported over OTLP.</value>
    [Required]
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>
    /// Gets or sets the fraction of root traces that are sampled; child spans follow their parent's decision.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the sampler of <c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c>
    /// if set, otherwise every trace. Must be between 0 and 1; a value here wins over the variables.
    /// </value>
    [Range(0.0, 1.0)]
    public double? TraceSamplingRatio { get; set; }

    /// <summary>
    /// Gets or sets whether metrics are collected. Off, no meter provider listens, so every instrument's recording is
    /// skipped, nothing is exported over OTLP and <c>/metrics</c> answers 404 <c>METRICS_DISABLED</c>. Read at start.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Gets or sets whether traces are made. Off, no tracer provider and no activity listener run and no request
    /// activity is started, so the process creates no spans and no trace context: a client's <c>traceparent</c>
    /// reaches the upstream as it came, log lines carry no trace id, and nothing is exported over OTLP. Read at start.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Traces { get; set; } = true;
}

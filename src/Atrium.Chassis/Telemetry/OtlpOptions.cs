using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// OTLP exporter settings, shaped like the <c>OTEL_EXPORTER_OTLP_*</c> environment variables. Each one left empty
/// here is taken from its variable by the OpenTelemetry SDK; one set here wins over the variable.
/// </summary>
public sealed class OtlpOptions : IValidatableConfig
{
    /// <summary>The value of <see cref="Protocol"/> for OTLP over HTTP with protobuf bodies.</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The value of <see cref="Protocol"/> for OTLP over gRPC.</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// Gets or sets the collector base address, for example <c>http://otel-collector:4318</c>.
    /// For <c>http/protobuf</c> the signal paths (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) are appended.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> if set, otherwise OTLP export is off.</value>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the OTLP transport: <c>"http/protobuf"</c> or <c>"grpc"</c>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> if set, otherwise <c>"http/protobuf"</c>.</value>
    [AllowedValues(HttpProtobuf, Grpc, "", null)]
    public string? Protocol { get; set; }

    /// <summary>
    /// Gets or sets extra request headers as <c>key=value</c> pairs separated by commas, like <c>OTEL_EXPORTER_OTLP_HEADERS</c>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: <c>OTEL_EXPORTER_OTLP_HEADERS</c> if set, otherwise no extra headers.</value>
    public string? Headers { get; set; }

    /// <summary>The variable the SDK reads the endpoint from when <see cref="Endpoint"/> is empty.</summary>
    internal const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The variable the SDK reads the protocol from when <see cref="Protocol"/> is empty.</summary>
    internal const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    internal bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    /// <summary>Gets the endpoint in use, for the log: this one, else the variable's.</summary>
    internal string? EffectiveEndpoint => string.IsNullOrWhiteSpace(Endpoint) ? Environment.GetEnvironmentVariable(EndpointVariable) : Endpoint;

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrWhiteSpace(Endpoint) && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            context.AddError("endpoint", $"'{Endpoint}' is not an absolute http or https address (leave it empty to turn OTLP off)");
        }
    }
}

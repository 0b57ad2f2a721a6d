using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// OTLP exporter settings, shaped like the <c>OTEL_EXPORTER_OTLP_*</c> environment variables.
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
    /// <value>Defaults to <see langword="null"/>: OTLP export is off.</value>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the OTLP transport: <c>"http/protobuf"</c> or <c>"grpc"</c>.
    /// </summary>
    /// <value>Defaults to <c>"http/protobuf"</c>.</value>
    [Required]
    [AllowedValues(HttpProtobuf, Grpc)]
    public string Protocol { get; set; } = HttpProtobuf;

    /// <summary>
    /// Gets or sets extra request headers as <c>key=value</c> pairs separated by commas, like <c>OTEL_EXPORTER_OTLP_HEADERS</c>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no extra headers.</value>
    public string? Headers { get; set; }

    internal bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsEnabled && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            context.AddError("endpoint", $"'{Endpoint}' is not an absolute http or https address (leave it empty to turn OTLP off)");
        }
    }
}

using OpenTelemetry.Exporter;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Maps <see cref="OtlpOptions"/> onto the OpenTelemetry exporter options for one signal: what the config sets wins;
/// what it leaves empty keeps what the SDK read from <c>OTEL_EXPORTER_OTLP_*</c>.
/// </summary>
internal static class OtlpExporterSettings
{
    public static void Apply(OtlpOptions options, string signal, OtlpExporterOptions target)
    {
        // The SDK's own default protocol is gRPC; Atrium's stays http/protobuf unless the config or the variable says otherwise.
        if (!string.IsNullOrWhiteSpace(options.Protocol) || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpOptions.ProtocolVariable)))
        {
            var grpcProtocol = string.Equals(options.Protocol, OtlpOptions.Grpc, StringComparison.OrdinalIgnoreCase);
            target.Protocol = grpcProtocol ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            target.Endpoint = SignalEndpoint(options.Endpoint, signal, target.Protocol == OtlpExportProtocol.Grpc);
        }

        if (!string.IsNullOrWhiteSpace(options.Headers))
        {
            target.Headers = options.Headers;
        }
    }

    // An endpoint set in code is used verbatim by the OTLP exporter, unlike OTEL_EXPORTER_OTLP_ENDPOINT,
    // so the per-signal path has to be added here for HTTP.
    internal static Uri SignalEndpoint(string endpoint, string signal, bool grpc)
    {
        var baseUri = new Uri(endpoint, UriKind.Absolute);
        if (grpc)
        {
            return baseUri;
        }

        var path = baseUri.AbsolutePath.TrimEnd('/') + "/v1/" + signal;
        return new UriBuilder(baseUri) { Path = path }.Uri;
    }
}

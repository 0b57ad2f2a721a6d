using OpenTelemetry.Exporter;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Maps <see cref="OtlpOptions"/> onto the OpenTelemetry exporter options for one signal.
/// </summary>
internal static class OtlpExporterSettings
{
    public static void Apply(OtlpOptions options, string signal, OtlpExporterOptions target)
    {
        var grpc = string.Equals(options.Protocol, OtlpOptions.Grpc, StringComparison.OrdinalIgnoreCase);
        target.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        target.Endpoint = SignalEndpoint(options.Endpoint!, signal, grpc);
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

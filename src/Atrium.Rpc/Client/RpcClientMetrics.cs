using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Atrium.Rpc.Client;

/// <summary>
/// The <c>Atrium.Rpc</c> meter's <c>rpc.client.call.duration</c> histogram (seconds, as OpenTelemetry's RPC conventions name and measure it),
/// tagged <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>. The server side is
/// ASP.NET Core's <c>http.server.request.duration</c>, whose <c>http.route</c> is the method's path.
/// </summary>
internal static class RpcClientMetrics
{
    public const string MeterName = "Atrium.Rpc";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "rpc.client.call.duration",
        "s",
        "Duration of outbound gRPC calls.",
        tags: null,
        // The buckets ASP.NET Core gives http.server.request.duration, so the two sides of a call line up.
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    public static bool Enabled => Duration.Enabled;

    public static void Record(IMethod method, StatusCode code, TimeSpan elapsed) =>
        Duration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.service", method.ServiceName),
            new KeyValuePair<string, object?>("rpc.method", method.Name),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)code));
}

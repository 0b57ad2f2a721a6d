using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Atrium.Rpc.Client;

/// <summary>
/// The <c>Atrium.Rpc</c> meter's <c>rpc.client.duration</c> histogram (milliseconds, OpenTelemetry's RPC conventions),
/// tagged <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>. The server side is
/// ASP.NET Core's <c>http.server.request.duration</c>, whose <c>http.route</c> is the method's path.
/// </summary>
internal static class RpcClientMetrics
{
    public const string MeterName = "Atrium.Rpc";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "rpc.client.duration", "ms", "Duration of outbound gRPC calls.");

    public static bool Enabled => Duration.Enabled;

    public static void Record(IMethod method, StatusCode code, TimeSpan elapsed) =>
        Duration.Record(
            elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.service", method.ServiceName),
            new KeyValuePair<string, object?>("rpc.method", method.Name),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)code));
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Chassis.Errors;

namespace Atrium.Rpc.Telemetry;

/// <summary>
/// The <c>Atrium.Rpc</c> activity source and meter: a span per call on each side and the
/// <c>rpc.server.duration</c> / <c>rpc.client.duration</c> histograms (milliseconds), tagged with
/// <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>.
/// </summary>
internal static class RpcTelemetry
{
    public const string Name = "Atrium.Rpc";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> ServerDuration = Meter.CreateHistogram<double>(
        "rpc.server.duration", "ms", "Duration of inbound gRPC calls.");

    private static readonly Histogram<double> ClientDuration = Meter.CreateHistogram<double>(
        "rpc.client.duration", "ms", "Duration of outbound gRPC calls.");

    public static Activity? StartActivity(IRpcMethod method, ActivityKind kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(method.FullName[1..], kind);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", method.ServiceName);
            activity.SetTag("rpc.method", method.Name);
        }

        return activity;
    }

    public static void Stop(Activity? activity, GrpcStatusCode code)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (code != GrpcStatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, code.ToString());
        }

        activity.Stop();
    }

    public static void RecordServer(IRpcMethod method, GrpcStatusCode code, TimeSpan elapsed) =>
        Record(ServerDuration, method, code, elapsed);

    public static void RecordClient(IRpcMethod method, GrpcStatusCode code, TimeSpan elapsed) =>
        Record(ClientDuration, method, code, elapsed);

    private static void Record(Histogram<double> histogram, IRpcMethod method, GrpcStatusCode code, TimeSpan elapsed)
    {
        if (!histogram.Enabled)
        {
            return;
        }

        histogram.Record(
            elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.service", method.ServiceName),
            new KeyValuePair<string, object?>("rpc.method", method.Name),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)code));
    }
}

using System.Diagnostics;

namespace Atrium.Chassis.Telemetry.Propagation;

/// <summary>
/// W3C Trace Context and Baggage propagation that also continues traces arriving with Zipkin B3 headers.
/// </summary>
/// <remarks>Injection is W3C only: <c>traceparent</c>, <c>tracestate</c> and <c>baggage</c>.</remarks>
internal sealed class AtriumPropagator : DistributedContextPropagator
{
    internal const string TraceParent = "traceparent";
    internal const string B3Single = "b3";
    internal const string B3TraceId = "x-b3-traceid";
    internal const string B3SpanId = "x-b3-spanid";
    internal const string B3Sampled = "x-b3-sampled";
    internal const string B3Flags = "x-b3-flags";

    private readonly DistributedContextPropagator _w3c = CreateW3CPropagator();

    /// <summary>Gets the instance shared by the process and the DI containers.</summary>
    public static AtriumPropagator Instance { get; } = new();

    public override IReadOnlyCollection<string> Fields => _w3c.Fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (setter is null)
        {
            return;
        }

        // The runtime's W3C propagator writes baggage as "key = value"; that is valid but some older
        // parsers do not trim, so baggage is written compactly here instead.
        _w3c.Inject(activity, carrier, (c, name, value) =>
        {
            if (!string.Equals(name, BaggageHeader.Name, StringComparison.OrdinalIgnoreCase))
            {
                setter(c, name, value);
            }
        });
        if (BaggageHeader.Format(activity) is { } baggage)
        {
            setter(carrier, BaggageHeader.Name, baggage);
        }
    }

    public override void ExtractTraceIdAndState(
        object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        _w3c.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
        if (traceId is not null || getter is null || Get(carrier, getter, TraceParent) is not null)
        {
            return;
        }

        traceState = null;
        traceId = B3TraceParent.FromSingle(Get(carrier, getter, B3Single))
            ?? B3TraceParent.FromMulti(
                Get(carrier, getter, B3TraceId),
                Get(carrier, getter, B3SpanId),
                Get(carrier, getter, B3Sampled),
                Get(carrier, getter, B3Flags));
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(
        object? carrier, PropagatorGetterCallback? getter) =>
        _w3c.ExtractBaggage(carrier, getter);

    private static string? Get(object? carrier, PropagatorGetterCallback getter, string name)
    {
        getter(carrier, name, out var value, out var values);
        return value ?? values?.FirstOrDefault();
    }
}

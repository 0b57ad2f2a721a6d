using System.Diagnostics;
using Atrium.Chassis.Telemetry.Propagation;

namespace Atrium.Chassis.Tests.Telemetry.Propagation;

public sealed class AtriumPropagatorTests
{
    [Fact]
    public void Inject_ActivityWithStateAndBaggage_WritesW3CHeaders()
    {
        using var activity = new Activity("test");
        activity.SetParentId(
            ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"),
            ActivitySpanId.CreateFromString("00f067aa0ba902b7"),
            ActivityTraceFlags.Recorded);
        activity.TraceStateString = "vendor=abc";
        activity.AddBaggage("tenant", "acme");
        activity.AddBaggage("note", "a b,c");
        activity.Start();
        var headers = new Dictionary<string, string>();

        AtriumPropagator.Instance.Inject(activity, headers, (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value);

        headers.Keys.Order().ShouldBe(["baggage", "traceparent", "tracestate"]);
        headers["traceparent"].ShouldBe($"00-4bf92f3577b34da6a3ce929d0e0e4736-{activity.SpanId}-01");
        headers["tracestate"].ShouldBe("vendor=abc");
        headers["baggage"].ShouldBe("note=a%20b%2Cc,tenant=acme");
    }

    [Fact]
    public void ExtractTraceIdAndState_OnlyMultiB3Headers_ReturnsW3CTraceParent()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-b3-traceid"] = "a3ce929d0e0e4736",
            ["x-b3-spanid"] = "00f067aa0ba902b7",
            ["x-b3-sampled"] = "1",
        };

        AtriumPropagator.Instance.ExtractTraceIdAndState(headers, Get, out var traceId, out var traceState);

        traceId.ShouldBe("00-0000000000000000a3ce929d0e0e4736-00f067aa0ba902b7-01");
        traceState.ShouldBeNull();
    }

    [Fact]
    public void ExtractTraceIdAndState_NoHeaders_ReturnsNull()
    {
        AtriumPropagator.Instance.ExtractTraceIdAndState(new Dictionary<string, string>(), Get, out var traceId, out _);

        traceId.ShouldBeNull();
    }

    [Fact]
    public void ExtractBaggage_BaggageHeader_ReturnsDecodedMembers()
    {
        var headers = new Dictionary<string, string> { ["baggage"] = "tenant=acme,note=a%20b" };

        var baggage = AtriumPropagator.Instance.ExtractBaggage(headers, Get)!.ToDictionary();

        baggage["tenant"].ShouldBe("acme");
        baggage["note"].ShouldBe("a b");
    }

    private static void Get(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        ((Dictionary<string, string>)carrier!).TryGetValue(name, out value);
        values = null;
    }
}

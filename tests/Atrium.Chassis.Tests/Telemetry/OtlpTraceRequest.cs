using Google.Protobuf;

namespace Atrium.Chassis.Tests.Telemetry;

/// <summary>
/// The spans of an OTLP <c>ExportTraceServiceRequest</c>, decoded field by field after opentelemetry/proto/trace/v1.
/// </summary>
internal sealed record OtlpTraceRequest(IReadOnlyList<OtlpResourceSpans> Resources)
{
    public static OtlpTraceRequest Parse(byte[] payload)
    {
        var resources = new List<OtlpResourceSpans>();
        foreach (var (field, bytes) in Fields(payload))
        {
            if (field == 1)
            {
                resources.Add(ParseResourceSpans(bytes));
            }
        }

        return new OtlpTraceRequest(resources);
    }

    private static OtlpResourceSpans ParseResourceSpans(byte[] payload)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var spans = new List<string>();
        foreach (var (field, bytes) in Fields(payload))
        {
            if (field == 1)
            {
                // Resource.attributes (1): KeyValue { key = 1; AnyValue value = 2 { string_value = 1 } }.
                foreach (var (_, keyValue) in Fields(bytes).Where(f => f.Field == 1))
                {
                    var parts = Fields(keyValue).ToList();
                    var key = parts.Single(p => p.Field == 1).Bytes;
                    var value = parts.Where(p => p.Field == 2).SelectMany(p => Fields(p.Bytes)).FirstOrDefault(p => p.Field == 1).Bytes;
                    attributes[System.Text.Encoding.UTF8.GetString(key)] = value is null ? "" : System.Text.Encoding.UTF8.GetString(value);
                }
            }
            else if (field == 2)
            {
                // ScopeSpans.spans (2): Span.name (5).
                foreach (var (_, span) in Fields(bytes).Where(f => f.Field == 2))
                {
                    spans.Add(System.Text.Encoding.UTF8.GetString(Fields(span).Single(f => f.Field == 5).Bytes));
                }
            }
        }

        return new OtlpResourceSpans(attributes, spans);
    }

    // Length-delimited fields only; the others are skipped.
    private static List<(int Field, byte[] Bytes)> Fields(byte[] payload)
    {
        var input = new CodedInputStream(payload);
        var result = new List<(int Field, byte[] Bytes)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                result.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }
}

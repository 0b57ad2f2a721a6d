namespace Atrium.Chassis.Telemetry.Propagation;

/// <summary>
/// Converts Zipkin B3 headers (single <c>b3</c> or multi <c>x-b3-*</c>) into a W3C <c>traceparent</c> value.
/// </summary>
/// <remarks>
/// W3C has no "decision deferred" flag, so a missing sampling state maps to not-sampled, as the
/// OpenTelemetry B3 propagator does; debug (<c>d</c>, <c>x-b3-flags: 1</c>) maps to sampled.
/// </remarks>
internal static class B3TraceParent
{
    /// <summary>Parses the single-header form <c>{traceid}-{spanid}[-{sampled}[-{parentspanid}]]</c>.</summary>
    public static string? FromSingle(string? b3)
    {
        if (string.IsNullOrWhiteSpace(b3))
        {
            return null;
        }

        var parts = b3.Trim().Split('-');
        if (parts.Length < 2)
        {
            // "0", "1" or "d" alone carry only a sampling decision, no context to continue.
            return null;
        }

        var sampled = parts.Length > 2 && IsSampled(parts[2], flags: null);
        return Build(parts[0], parts[1], sampled);
    }

    /// <summary>Parses the multi-header form.</summary>
    public static string? FromMulti(string? traceId, string? spanId, string? sampled, string? flags) =>
        traceId is null || spanId is null ? null : Build(traceId.Trim(), spanId.Trim(), IsSampled(sampled, flags));

    private static string? Build(string traceId, string spanId, bool sampled)
    {
        if (traceId.Length == 16)
        {
            traceId = "0000000000000000" + traceId;
        }

        if (traceId.Length != 32 || spanId.Length != 16 || !IsNonZeroHex(traceId) || !IsNonZeroHex(spanId))
        {
            return null;
        }

        return string.Concat("00-", traceId.ToLowerInvariant(), "-", spanId.ToLowerInvariant(), sampled ? "-01" : "-00");
    }

    private static bool IsSampled(string? sampled, string? flags) =>
        flags?.Trim() == "1"
        || sampled?.Trim() is "1" or "d"
        || string.Equals(sampled?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsNonZeroHex(string value)
    {
        var nonZero = false;
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }

            nonZero |= c != '0';
        }

        return nonZero;
    }
}

using System.Text;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// Turns OpenTelemetry instrument names, units and attribute keys into valid Prometheus names.
/// </summary>
internal static class PrometheusNames
{
    private const string TotalSuffix = "_total";
    private const string ValueSuffix = "_value";

    private static readonly string[] HistogramSuffixes = ["_count", "_sum", "_bucket"];

    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    /// <summary>
    /// Builds the family name: sanitised instrument name, the unit's word unless already there, and
    /// <c>_total</c> for counters. A gauge that would end in <c>_count</c>, <c>_sum</c> or <c>_bucket</c>
    /// (such as <c>dotnet.assembly.count</c>) gets <c>_value</c> appended, since those endings are
    /// reserved for histogram series and <c>promtool check metrics</c> rejects them.
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        if (type == PrometheusMetricType.Counter && name.EndsWith(TotalSuffix, StringComparison.Ordinal))
        {
            name = name[..^TotalSuffix.Length];
        }

        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = name + "_" + suffix;
        }

        if (type == PrometheusMetricType.Counter)
        {
            return name + TotalSuffix;
        }

        var reserved = type == PrometheusMetricType.Gauge
            && HistogramSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
        return reserved ? name + ValueSuffix : name;
    }

    /// <summary>Sanitises an attribute key into a label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>).</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>
    /// Maps a UCUM unit to a name suffix: <c>s</c> to <c>seconds</c>, <c>By/s</c> to <c>bytes_per_second</c>;
    /// dimensionless (<c>1</c>) and annotation (<c>{request}</c>) units give an empty suffix.
    /// </summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }

        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return UnitWord(unit, perUnit: false);
        }

        var numerator = UnitWord(unit[..slash], perUnit: false);
        var denominator = UnitWord(unit[(slash + 1)..], perUnit: true);
        if (denominator.Length == 0)
        {
            return numerator;
        }

        return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
    }

    private static string UnitWord(string unit, bool perUnit)
    {
        var trimmed = StripAnnotations(unit).Trim();
        if (trimmed.Length == 0 || trimmed == "1")
        {
            return string.Empty;
        }

        if (perUnit)
        {
            // Rates read as "per_second", not "per_seconds".
            switch (trimmed)
            {
                case "s": return "second";
                case "min": return "minute";
                case "h": return "hour";
                case "d": return "day";
            }
        }

        return UnitWords.TryGetValue(trimmed, out var word) ? word : Sanitize(trimmed, allowColon: false).Trim('_');
    }

    private static string StripAnnotations(string unit)
    {
        var open = unit.IndexOf('{', StringComparison.Ordinal);
        while (open >= 0)
        {
            var close = unit.IndexOf('}', open);
            unit = close < 0 ? unit[..open] : unit[..open] + unit[(close + 1)..];
            open = unit.IndexOf('{', StringComparison.Ordinal);
        }

        return unit;
    }

    private static string Sanitize(string value, bool allowColon)
    {
        var builder = new StringBuilder(value.Length + 1);
        foreach (var c in value)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            // Runs of replaced characters collapse to one underscore, so "a..b" and "a.b" agree.
            if (next == '_' && builder.Length > 0 && builder[^1] == '_' && !valid)
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}

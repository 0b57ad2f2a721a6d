using System.Globalization;
using System.Text;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// Writes families in the Prometheus text exposition format, version 0.0.4.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The HTTP content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<PrometheusFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            if (family.Series.Count == 0)
            {
                continue;
            }

            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            foreach (var series in family.Series)
            {
                if (family.Type == PrometheusMetricType.Histogram)
                {
                    WriteHistogram(text, family.Name, series);
                }
                else
                {
                    WriteSample(text, family.Name, series.Labels, null, FormatDouble(series.Value));
                }
            }
        }

        return text.ToString();
    }

    internal static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void WriteHistogram(StringBuilder text, string name, PrometheusSeries series)
    {
        long cumulative = 0;
        for (var i = 0; i < series.BucketCounts.Length; i++)
        {
            cumulative += series.BucketCounts[i];
            var le = i < series.Bounds.Length ? FormatDouble(series.Bounds[i]) : "+Inf";
            WriteSample(text, name + "_bucket", series.Labels, le, cumulative.ToString(CultureInfo.InvariantCulture));
        }

        WriteSample(text, name + "_sum", series.Labels, null, FormatDouble(series.Sum));
        WriteSample(text, name + "_count", series.Labels, null, series.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteSample(
        StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                AppendLabel(text, label.Key, label.Value, ref first);
            }

            if (le is not null)
            {
                AppendLabel(text, "le", le, ref first);
            }

            text.Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }

    private static void AppendLabel(StringBuilder text, string name, string value, ref bool first)
    {
        if (!first)
        {
            text.Append(',');
        }

        first = false;
        text.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
    }

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Histogram => "histogram",
        _ => "gauge",
    };
}

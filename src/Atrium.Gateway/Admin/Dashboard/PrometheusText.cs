using System.Globalization;
using System.Text;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Reads the samples of a few series from a Prometheus text exposition (version 0.0.4): counters and gauges with
/// labels. A line that is not a comment, not blank and not a valid sample is counted and skipped, never thrown; so is a
/// value that is not a finite number. Histograms and timestamps need nothing more: their lines are samples too.
/// </summary>
internal static class PrometheusText
{
    private const int ShownLength = 80;

    public static PrometheusParse Parse(string text, IReadOnlySet<string> wanted)
    {
        var samples = new List<PrometheusSample>();
        var ignored = 0;
        string? first = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!TryParse(line, out var sample))
            {
                ignored++;
                first ??= line.Length > ShownLength ? line[..ShownLength] + "…" : line;
            }
            else if (wanted.Contains(sample.Name))
            {
                samples.Add(sample);
            }
        }

        return new PrometheusParse(samples, ignored, first);
    }

    private static bool TryParse(string line, out PrometheusSample sample)
    {
        sample = null!;
        var at = 0;
        while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] is '_' or ':'))
        {
            at++;
        }

        if (at == 0 || char.IsAsciiDigit(line[0]))
        {
            return false;
        }

        var name = line[..at];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < line.Length && line[at] == '{' && !TryLabels(line, ref at, labels))
        {
            return false;
        }

        var rest = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2 || (at < line.Length && line[at] != ' ')
            || !double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, value);
        return true;
    }

    // At the '{'; leaves at just after the '}'.
    private static bool TryLabels(string line, ref int at, Dictionary<string, string> labels)
    {
        at++;
        while (at < line.Length && line[at] != '}')
        {
            var start = at;
            while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] == '_'))
            {
                at++;
            }

            if (at == start || at + 1 >= line.Length || line[at] != '=' || line[at + 1] != '"')
            {
                return false;
            }

            var key = line[start..at];
            at += 2;
            var value = new StringBuilder();
            while (at < line.Length && line[at] != '"')
            {
                if (line[at] == '\\' && at + 1 < line.Length)
                {
                    at++;
                    value.Append(line[at] == 'n' ? '\n' : line[at]);
                }
                else
                {
                    value.Append(line[at]);
                }

                at++;
            }

            if (at >= line.Length)
            {
                return false;
            }

            labels[key] = value.ToString();
            at++;
            if (at < line.Length && line[at] == ',')
            {
                at++;
            }
        }

        if (at >= line.Length)
        {
            return false;
        }

        at++;
        return true;
    }
}

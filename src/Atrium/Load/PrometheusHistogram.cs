using System.Globalization;

namespace Atrium.Load;

/// <summary>A Prometheus histogram's cumulative buckets (upper bound to count), summed over every series and endpoint.</summary>
internal sealed class PrometheusHistogram
{
    private readonly SortedDictionary<double, double> _buckets = [];

    public bool IsEmpty => _buckets.Count == 0;

    public double Total => _buckets.GetValueOrDefault(double.PositiveInfinity);

    /// <summary>Adds every <c>METRIC_bucket{...}</c> line of a text exposition.</summary>
    public void AddExposition(string text, string metric)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric + "_bucket{", StringComparison.Ordinal))
            {
                continue;
            }

            var le = line.IndexOf("le=\"", StringComparison.Ordinal) + 4;
            var bound = line[le..line.IndexOf('"', le)];
            var upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            _buckets[upper] = _buckets.GetValueOrDefault(upper) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
    }

    public PrometheusHistogram Minus(PrometheusHistogram start)
    {
        var difference = new PrometheusHistogram();
        foreach (var (bound, count) in _buckets)
        {
            difference._buckets[bound] = count - start._buckets.GetValueOrDefault(bound);
        }

        return difference;
    }

    /// <summary>Linear within the bucket that holds the rank, as Prometheus' histogram_quantile does.</summary>
    public double Quantile(double fraction)
    {
        var rank = fraction * Total;
        var (lower, below) = (0.0, 0.0);
        foreach (var (bound, count) in _buckets)
        {
            if (count >= rank)
            {
                return double.IsPositiveInfinity(bound) ? lower : lower + ((bound - lower) * (rank - below) / Math.Max(1e-9, count - below));
            }

            (lower, below) = (bound, count);
        }

        return lower;
    }
}

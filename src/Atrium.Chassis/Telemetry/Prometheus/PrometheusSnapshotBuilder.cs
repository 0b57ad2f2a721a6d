using System.Globalization;
using OpenTelemetry.Metrics;

namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// Copies one collection's metrics into Prometheus families, merging metrics that map to the same name.
/// </summary>
/// <remarks>
/// Several meters with one name exist when a process hosts several web applications (each has its own
/// <c>IMeterFactory</c>); their series are summed unless the meters carry tags, which become labels.
/// </remarks>
internal sealed class PrometheusSnapshotBuilder
{
    private readonly Dictionary<string, PrometheusFamily> _byName = new(StringComparer.Ordinal);
    private readonly List<PrometheusFamily> _families = [];

    public IReadOnlyList<PrometheusFamily> Families => _families;

    /// <summary>
    /// Adds the metric's points; returns <see langword="false"/> when it clashes with an earlier family
    /// of another type or bucket layout and was left out.
    /// </summary>
    public bool Add(Metric metric)
    {
        var type = TypeOf(metric.MetricType);
        if (type is null)
        {
            return false;
        }

        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, type.Value);
        if (!_byName.TryGetValue(name, out var family))
        {
            var help = string.IsNullOrEmpty(metric.Description) ? metric.Name : metric.Description;
            family = new PrometheusFamily(name, type.Value, help);
            _byName.Add(name, family);
            _families.Add(family);
        }
        else if (family.Type != type.Value)
        {
            return false;
        }

        var consistent = true;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var series = family.GetOrAdd(Labels(metric, point), out var created);
            consistent &= Merge(series, metric.MetricType, point, created);
        }

        return consistent;
    }

    private static PrometheusMetricType? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => PrometheusMetricType.Counter,
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => PrometheusMetricType.Gauge,
        MetricType.LongGauge or MetricType.DoubleGauge => PrometheusMetricType.Gauge,
        MetricType.Histogram => PrometheusMetricType.Histogram,
        _ => null,
    };

    private static List<KeyValuePair<string, string>> Labels(Metric metric, in MetricPoint point)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metric.MeterTags is { } meterTags)
        {
            foreach (var tag in meterTags)
            {
                AddLabel(labels, tag.Key, tag.Value);
            }
        }

        foreach (var tag in point.Tags)
        {
            AddLabel(labels, tag.Key, tag.Value);
        }

        return [.. labels];
    }

    private static void AddLabel(SortedDictionary<string, string> labels, string key, object? value)
    {
        var name = PrometheusNames.LabelName(key);
        var text = LabelValue(value);
        // Distinct keys that sanitise alike ("a.b", "a_b") keep both values rather than losing one.
        labels[name] = labels.TryGetValue(name, out var existing) ? existing + ";" + text : text;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool Merge(PrometheusSeries series, MetricType type, in MetricPoint point, bool created)
    {
        switch (type)
        {
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                series.Value += point.GetSumLong();
                return true;
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                series.Value += point.GetSumDouble();
                return true;
            case MetricType.LongGauge:
                series.Value += point.GetGaugeLastValueLong();
                return true;
            case MetricType.DoubleGauge:
                series.Value += point.GetGaugeLastValueDouble();
                return true;
            default:
                return MergeHistogram(series, point, created);
        }
    }

    private static bool MergeHistogram(PrometheusSeries series, in MetricPoint point, bool created)
    {
        var bounds = new List<double>();
        var counts = new List<long>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }

            counts.Add(bucket.BucketCount);
        }

        if (created)
        {
            series.Bounds = [.. bounds];
            series.BucketCounts = new long[counts.Count];
        }
        else if (!series.Bounds.AsSpan().SequenceEqual(bounds.ToArray()))
        {
            return false;
        }

        for (var i = 0; i < counts.Count; i++)
        {
            series.BucketCounts[i] += counts[i];
        }

        series.Sum += point.GetHistogramSum();
        series.Count += point.GetHistogramCount();
        return true;
    }
}

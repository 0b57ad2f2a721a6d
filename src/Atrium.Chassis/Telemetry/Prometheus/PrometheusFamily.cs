namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// All series sharing one Prometheus metric name, written under a single <c># HELP</c>/<c># TYPE</c> pair.
/// </summary>
internal sealed class PrometheusFamily(string name, PrometheusMetricType type, string help)
{
    private readonly Dictionary<string, PrometheusSeries> _byKey = new(StringComparer.Ordinal);
    private readonly List<PrometheusSeries> _series = [];

    public string Name { get; } = name;

    public PrometheusMetricType Type { get; } = type;

    public string Help { get; } = help;

    public IReadOnlyList<PrometheusSeries> Series => _series;

    /// <summary>
    /// Returns the series with these labels, creating it if needed; <paramref name="created"/> says which.
    /// </summary>
    public PrometheusSeries GetOrAdd(IReadOnlyList<KeyValuePair<string, string>> sortedLabels, out bool created)
    {
        var key = string.Join('\u0001', sortedLabels.Select(l => l.Key + '\u0000' + l.Value));
        if (_byKey.TryGetValue(key, out var existing))
        {
            created = false;
            return existing;
        }

        var series = new PrometheusSeries(sortedLabels);
        _byKey.Add(key, series);
        _series.Add(series);
        created = true;
        return series;
    }
}

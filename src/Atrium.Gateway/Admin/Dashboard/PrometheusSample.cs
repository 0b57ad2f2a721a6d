namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>One sample line of a Prometheus text exposition: the series name, its labels and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name, "");
}

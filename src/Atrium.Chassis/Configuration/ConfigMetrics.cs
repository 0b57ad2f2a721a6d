using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Configuration;

/// <summary>The "Atrium.Config" meter: last reload outcome as a gauge, reload and failure counters.</summary>
internal sealed class ConfigMetrics : IDisposable
{
    public const string MeterName = "Atrium.Config";

    private static readonly KeyValuePair<string, object?> SuccessTag = new("result", "success");
    private static readonly KeyValuePair<string, object?> FailureTag = new("result", "failure");

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _failures;

    public ConfigMetrics(IMeterFactory? meterFactory, Func<bool> lastReloadSucceeded, Func<bool> sourceCached)
    {
        // Meters from a factory are owned (and disposed) by the factory.
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        _meter.CreateObservableGauge(
            "atrium.config.last_reload_success",
            () => lastReloadSucceeded() ? 1 : 0,
            description: "1 when the last config load or reload succeeded, else 0.");
        _meter.CreateObservableGauge(
            "atrium.config.source_cached",
            () => sourceCached() ? 1 : 0,
            description: "1 while the config center's document in effect came from the local cache because etcd was unreachable, else 0.");
        _failures = _meter.CreateCounter<long>("atrium.config.reload_failures", "{failure}", "Config reloads that failed.");
        _reloads = _meter.CreateCounter<long>("atrium.config.reloads", "{reload}", "Config reload attempts, by result.");
    }

    public Meter Meter => _meter;

    public void RecordSuccess() => _reloads.Add(1, SuccessTag);

    public void RecordFailure()
    {
        _failures.Add(1);
        _reloads.Add(1, FailureTag);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

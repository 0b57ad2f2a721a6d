using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Tests.Plugins;

/// <summary>Listens to <c>atrium.gateway.plugin.failures</c> for one plugin name: "reason/fail_open" of each failure.</summary>
internal sealed class PluginFailureCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public PluginFailureCounter(string plugin)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Atrium.Gateway" && instrument.Name == "atrium.gateway.plugin.failures")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value;
            }

            if ((string?)values["plugin"] == plugin)
            {
                _failures.Enqueue($"{values["reason"]}/{values["fail_open"]}");
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Failures => [.. _failures];

    public void Dispose() => _listener.Dispose();
}

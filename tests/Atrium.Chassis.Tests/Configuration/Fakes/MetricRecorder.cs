using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Tests.Configuration.Fakes;

/// <summary>Listens to the instruments of one meter and keeps every measurement.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<double>((i, v, _, _) => Doubles.Enqueue((i.Name, v)));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, long Value, string Tags)> Measurements { get; } = new();

    /// <summary>The measurements of the histograms and other instruments of doubles, without their tags.</summary>
    public ConcurrentQueue<(string Instrument, double Value)> Doubles { get; } = new();

    public long Sum(string instrument, string tags = "") =>
        Measurements.Where(m => m.Instrument == instrument && (tags.Length == 0 || m.Tags == tags)).Sum(m => m.Value);

    public long? LastObserved(string instrument)
    {
        _listener.RecordObservableInstruments();
        return Measurements.LastOrDefault(m => m.Instrument == instrument).Value;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var rendered = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        Measurements.Enqueue((instrument.Name, value, rendered));
    }
}

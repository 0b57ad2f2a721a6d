using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Tests.Configuration.Fakes;

internal sealed class TestMeterFactory : IMeterFactory
{
    public ConcurrentBag<Meter> Meters { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        Meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in Meters)
        {
            meter.Dispose();
        }
    }
}

using System.Diagnostics.Metrics;
using Atrium.Chassis.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Tests.Telemetry;

public sealed class SharedMeterFactoryTests
{
    [Fact]
    public void Create_SameNameVersionAndTags_ReturnsSameMeter()
    {
        var name = "Atrium.Tests.Shared." + Guid.NewGuid().ToString("N");

        var first = SharedMeterFactory.Instance.Create(new MeterOptions(name) { Version = "1", Tags = [new("a", 1), new("b", 2)] });
        var second = SharedMeterFactory.Instance.Create(new MeterOptions(name) { Version = "1", Tags = [new("b", 2), new("a", 1)] });
        var other = SharedMeterFactory.Instance.Create(new MeterOptions(name) { Version = "2" });

        second.ShouldBeSameAs(first);
        other.ShouldNotBeSameAs(first);
        first.Scope.ShouldBeSameAs(SharedMeterFactory.Instance);
    }

    [Fact]
    public void AddAtriumMetrics_MeterAndContainerDisposed_LeavesSharedMeterUsable()
    {
        var name = "Atrium.Tests.Shared." + Guid.NewGuid().ToString("N");
        Meter meter;
        using (var services = new ServiceCollection().AddMetrics().AddAtriumMetrics().BuildServiceProvider())
        {
            meter = services.GetRequiredService<IMeterFactory>().Create(name);
            meter.Dispose();
        }

        var instrumentPublished = false;
        using var listener = new MeterListener { InstrumentPublished = (i, _) => instrumentPublished |= i.Meter == meter };
        listener.Start();
        meter.CreateCounter<int>("still.alive");

        instrumentPublished.ShouldBeTrue();
    }
}

using Atrium.Chassis.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Chassis.Tests.Hosting;

public sealed class StartupGarbageTests
{
    [Fact]
    public void CollectAfter_DelayElapses_CollectsTheOldestGeneration()
    {
        var time = new FakeTimeProvider();
        using var timer = StartupGarbage.CollectAfter(TimeSpan.FromSeconds(1), time);
        var before = GC.CollectionCount(GC.MaxGeneration);

        time.Advance(TimeSpan.FromSeconds(1));

        GC.CollectionCount(GC.MaxGeneration).ShouldBeGreaterThan(before);
    }
}

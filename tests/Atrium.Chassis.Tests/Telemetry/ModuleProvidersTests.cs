using System.Diagnostics.Metrics;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Telemetry;

namespace Atrium.Chassis.Tests.Telemetry;

public sealed class ModuleProvidersTests
{
    [Theory]
    [InlineData("System.Runtime")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel")]
    [InlineData(ConfigMetrics.MeterName)]
    public void StreamOf_SeriesTheProcessFixes_GetTheBoundedLimit(string meterName)
    {
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("modules.providers.test");

        ModuleProviders.StreamOf(counter)!.CardinalityLimit.ShouldBe(ModuleProviders.BoundedSeriesLimit);
    }

    [Theory]
    [InlineData("Atrium.Gateway")]
    [InlineData("Microsoft.AspNetCore.Hosting")]
    [InlineData("System.Net.Http")]
    [InlineData("Microsoft.AspNetCore.Routing")]
    public void StreamOf_SeriesTrafficOrRoutesShape_KeepTheDefault(string meterName)
    {
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("modules.providers.test");

        ModuleProviders.StreamOf(counter).ShouldBeNull();
    }
}

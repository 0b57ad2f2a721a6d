using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Chassis.Telemetry;

namespace Atrium.Chassis.Tests.Telemetry;

/// <summary>
/// <c>telemetry.metrics</c> and <c>telemetry.traces</c> off: nothing in the process listens to Atrium's meters or
/// activity sources, so instruments stay disabled and no activity is created, whatever else is configured.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class AtriumTelemetrySwitchTests
{
    // Port 9 (discard) is closed on loopback: with an exporter configured, the flush on dispose fails at once.
    private const string ClosedEndpoint = "http://127.0.0.1:9";

    [Fact]
    public void Start_MetricsOff_AtriumInstrumentsStayDisabled()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Metrics = false, Otlp = { Endpoint = ClosedEndpoint } }, "metrics-off");
        using var meter = new Meter("Atrium.Tests.MetricsOff");

        var counter = meter.CreateCounter<long>("atrium.tests.count");

        counter.Enabled.ShouldBeFalse();
    }

    [Fact]
    public void Start_MetricsOn_AtriumInstrumentsAreEnabled()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "metrics-on");
        using var meter = new Meter("Atrium.Tests.MetricsOn");

        var counter = meter.CreateCounter<long>("atrium.tests.count");

        counter.Enabled.ShouldBeTrue();
    }

    [Fact]
    public void WriteMetrics_MetricsOff_Throws()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Metrics = false }, "metrics-off");
        using var destination = new MemoryStream();

        Should.Throw<InvalidOperationException>(() => telemetry.WriteMetrics(destination)).Message.ShouldContain("telemetry.metrics: false");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ClosedEndpoint)]
    public void Start_TracesOff_NoActivityIsCreated(string? endpoint)
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Traces = false, Otlp = { Endpoint = endpoint } }, "traces-off");
        using var source = new ActivitySource("Atrium.Tests.TracesOff");

        using var activity = source.StartActivity("work");

        source.HasListeners().ShouldBeFalse();
        activity.ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ClosedEndpoint)]
    public void Start_TracesOn_ActivityIsCreated(string? endpoint)
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Otlp = { Endpoint = endpoint } }, "traces-on");
        using var source = new ActivitySource("Atrium.Tests.TracesOn");

        using var activity = source.StartActivity("work");

        activity.ShouldNotBeNull();
    }
}

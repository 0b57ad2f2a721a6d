using Atrium.Chassis.Telemetry;

namespace Atrium.Testing;

/// <summary>The one <see cref="AtriumTelemetry"/> a test process may start, shared by every module under test.</summary>
public static class SharedTelemetry
{
    private static readonly Lazy<AtriumTelemetry> Telemetry =
        new(() => AtriumTelemetry.Start(new TelemetryOptions(), "atrium-tests"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static AtriumTelemetry Instance => Telemetry.Value;
}

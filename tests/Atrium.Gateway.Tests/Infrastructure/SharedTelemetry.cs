using Atrium.Chassis.Telemetry;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// The one <see cref="AtriumTelemetry"/> this test process may start, shared by every gateway under test (classes run
/// in parallel). Never disposed: it lives as long as the process.
/// </summary>
internal static class SharedTelemetry
{
    private static readonly Lazy<AtriumTelemetry> Telemetry =
        new(() => AtriumTelemetry.Start(new TelemetryOptions(), "atrium-gateway-tests"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static AtriumTelemetry Instance => Telemetry.Value;
}

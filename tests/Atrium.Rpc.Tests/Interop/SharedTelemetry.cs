using Atrium.Chassis.Telemetry;

namespace Atrium.Rpc.Tests.Interop;

/// <summary><see cref="AtriumTelemetry.Start"/> allows one instance per process: the test assembly shares this one.</summary>
internal static class SharedTelemetry
{
    private static readonly Lazy<AtriumTelemetry> Instance = new(() => AtriumTelemetry.Start(new TelemetryOptions(), "rpc-tests"));

    public static AtriumTelemetry Value => Instance.Value;
}

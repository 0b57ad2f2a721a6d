namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Event ids of the telemetry log messages, kept in one place so they stay unique.
/// </summary>
internal static class TelemetryEventIds
{
    public const int Started = 1100;
    public const int MetricConflict = 1101;
}

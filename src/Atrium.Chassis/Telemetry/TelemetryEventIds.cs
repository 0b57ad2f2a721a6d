namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Event ids of the telemetry log messages, kept in one place so they stay unique.
/// </summary>
internal static class TelemetryEventIds
{
    public const int Started = 1100;
    public const int MetricConflict = 1101;

    // In the hosting block (15xx) where the access log was written before it moved to telemetry: filters keep working.
    public const int RequestCompleted = 1510;
}

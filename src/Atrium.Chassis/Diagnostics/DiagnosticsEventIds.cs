namespace Atrium.Chassis.Diagnostics;

/// <summary>Event ids of the diagnostics endpoints' log messages (17xx of the chassis's range).</summary>
internal static class DiagnosticsEventIds
{
    public const int TraceStarted = 1700;
    public const int TraceFinished = 1701;
    public const int DumpWritten = 1702;
    public const int CountersStreamed = 1703;
}

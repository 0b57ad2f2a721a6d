using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>Log messages of the diagnostics endpoints: who may have slowed the process, and for how long.</summary>
internal static partial class DiagnosticsLog
{
    public const string Category = "Atrium.Chassis.Diagnostics";

    [LoggerMessage(EventId = DiagnosticsEventIds.TraceStarted, Level = LogLevel.Information,
        Message = "CPU trace of process {ProcessId} started for {Seconds} s")]
    public static partial void TraceStarted(ILogger logger, int processId, int seconds);

    [LoggerMessage(EventId = DiagnosticsEventIds.TraceFinished, Level = LogLevel.Information,
        Message = "CPU trace of process {ProcessId} for {Seconds} s ended; sent whole: {Completed}")]
    public static partial void TraceFinished(ILogger logger, int processId, int seconds, bool completed);

    [LoggerMessage(EventId = DiagnosticsEventIds.DumpWritten, Level = LogLevel.Information,
        Message = "Heap dump of process {ProcessId} written: {Bytes} bytes in {ElapsedMs} ms")]
    public static partial void DumpWritten(ILogger logger, int processId, long bytes, long elapsedMs);

    [LoggerMessage(EventId = DiagnosticsEventIds.CountersStreamed, Level = LogLevel.Information,
        Message = "Runtime counter stream of process {ProcessId} ended after {Samples} samples")]
    public static partial void CountersStreamed(ILogger logger, int processId, long samples);
}

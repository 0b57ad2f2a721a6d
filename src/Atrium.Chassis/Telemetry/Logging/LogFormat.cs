namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>How log entries are written to stdout: <c>logging.format</c>.</summary>
public enum LogFormat
{
    /// <summary><see cref="Text"/> when stdout is a terminal, <see cref="Json"/> otherwise.</summary>
    Auto,

    /// <summary>One JSON object per line, for log collectors.</summary>
    Json,

    /// <summary>One readable line per entry, exceptions indented below it, colours on a terminal.</summary>
    Text,
}

using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Log messages of <see cref="AtriumTelemetry"/>.
/// </summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = TelemetryEventIds.Started, Level = LogLevel.Information,
        Message = "Telemetry started for service {ServiceName}; OTLP export: {OtlpEndpoint}")]
    public static partial void Started(ILogger logger, string serviceName, string otlpEndpoint);
}

using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Telemetry;

/// <summary>
/// One structured line per proxied request (category <c>Atrium.Gateway.Access</c>, level Information): method,
/// path, route, cluster, endpoint, status, duration, bytes, error code; the trace id comes with every log line.
/// Silence it with <c>logging.overrides: {Atrium.Gateway.Access: Warning}</c>.
/// </summary>
internal sealed partial class AccessLog(ILoggerFactory loggerFactory)
{
    public const string Category = "Atrium.Gateway.Access";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public bool IsEnabled => _logger.IsEnabled(LogLevel.Information);

    public void Write(string method, string path, int status, string route, string cluster, string endpoint, double durationMs, long bytes, string errorCode) =>
        LogRequest(_logger, method, path, status, route, cluster, endpoint, durationMs, bytes, errorCode);

    [LoggerMessage(EventId = GatewayEventIds.AccessLogRequest, Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} route={Route} cluster={Cluster} endpoint={Endpoint} {DurationMs:0.###} ms {Bytes} B {ErrorCode}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, string route, string cluster, string endpoint, double durationMs, long bytes, string errorCode);
}

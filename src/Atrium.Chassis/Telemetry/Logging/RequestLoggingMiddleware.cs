using System.Diagnostics;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// One line per request (category <c>Atrium.Access</c>, Information) with method, path, status, duration and error
/// code; the trace id rides on every log line. Probe endpoints are left out so that health checks do not drown it.
/// Silence it with <c>logging.overrides: {Atrium.Access: Warning}</c>.
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
{
    public const string Category = "Atrium.Access";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information) || IsProbe(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var code = context.Features.Get<IErrorCodeFeature>()?.Code.Name ?? "";
            LogRequest(_logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, code);
        }
    }

    private static bool IsProbe(PathString path) =>
        path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal) || path.Equals("/metrics", StringComparison.Ordinal);

    [LoggerMessage(EventId = TelemetryEventIds.RequestCompleted, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {DurationMs:0.###} ms {ErrorCode}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double durationMs, string errorCode);
}

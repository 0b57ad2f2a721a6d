using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin;

/// <summary>Log messages of the admin API. The token is never in them, only the file that holds it.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = GatewayEventIds.AdminTokenGenerated, Level = LogLevel.Information,
        Message = "Admin API token generated into {Path} (owner-only); send it as 'Authorization: Bearer TOKEN' to /admin/*")]
    public static partial void TokenGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = GatewayEventIds.AdminTokenFromFile, Level = LogLevel.Information,
        Message = "Admin API token read from {Path}; send it as 'Authorization: Bearer TOKEN' to /admin/*")]
    public static partial void TokenFromFile(ILogger logger, string path);

    [LoggerMessage(EventId = GatewayEventIds.AdminRefused, Level = LogLevel.Warning,
        Message = "Admin API refused {Method} {Path}: {ErrorCode} ({Reason})")]
    public static partial void Refused(ILogger logger, string method, string path, string errorCode, string reason);
}

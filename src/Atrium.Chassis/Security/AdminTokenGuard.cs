using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Security;

/// <summary>
/// Puts <see cref="AdminToken"/> in front of endpoints that only an operator may call (the process's diagnostics on a
/// module's listener): without <c>Authorization: Bearer TOKEN</c> the answer is 401 <c>AUTH_FAILED</c> with a
/// <c>WWW-Authenticate</c> challenge, logged without the token.
/// </summary>
internal sealed partial class AdminTokenGuard(AdminToken token, ILogger logger)
{
    /// <summary>Returns <paramref name="endpoint"/> behind the token.</summary>
    public RequestDelegate Guard(RequestDelegate endpoint) => context =>
        token.Accepts(context.Request.Headers.Authorization.ToString()) ? endpoint(context) : RefuseAsync(context);

    private async Task RefuseAsync(HttpContext context)
    {
        AdminToken.Challenge(context);
        LogRefused(logger, context.Request.Method, context.Request.Path.Value ?? "");
        await ProblemResponse.TryWriteAsync(context, ErrorCodes.AuthFailed, "this endpoint needs 'Authorization: Bearer TOKEN' with the admin token").ConfigureAwait(false);
    }

    [LoggerMessage(EventId = SecurityEventIds.AdminTokenRefused, Level = LogLevel.Warning,
        Message = "Refused {Method} {Path}: no admin token (AUTH_FAILED)")]
    private static partial void LogRefused(ILogger logger, string method, string path);
}

using Atrium.Chassis.Errors;
using Atrium.Chassis.Security;
using Atrium.Gateway.Admin.Dashboard;
using Atrium.Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin;

/// <summary>
/// The admin listener's door, in front of every path. A <c>Host</c> that is neither a loopback literal nor in
/// <c>gateway.admin.allowedHosts</c> gets 403 <c>FORBIDDEN</c> (DNS rebinding). Then everything but <c>/healthz</c>,
/// <c>/readyz</c> and <c>/metrics</c> needs the bearer token (401 <c>AUTH_FAILED</c> with <c>WWW-Authenticate: Bearer</c>),
/// and a state-changing call is refused when a browser says it comes from another site (403 <c>FORBIDDEN</c>) or
/// when its body is not JSON (415 <c>UNSUPPORTED_MEDIA_TYPE</c>): the forms a web page may send without a preflight.
/// The dashboard's session cookie (<see cref="DashboardSessions"/>) counts as the token; its login form and files are
/// open, and a browser that opens <c>/</c> without either is sent to the form. The process's diagnostics behind it
/// check the token once more themselves (<see cref="AdminTokenGuard"/>, as on every module listener), so a session
/// alone does not open them.
/// </summary>
internal sealed class AdminGuard(AdminToken token, DashboardSessions sessions, IReadOnlyList<string> allowedHosts, ILogger<AdminGuard> logger)
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "[::1]", "localhost"];
    private static readonly PathString[] OpenPaths = ["/healthz", "/readyz", "/metrics"];
    private static readonly PathString[] SessionPaths = [DashboardLogin.LoginPath, DashboardLogin.LogoutPath];

    private readonly HostMatcher _hosts = new([.. LoopbackHosts, .. allowedHosts]);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!_hosts.Matches(request.Host))
        {
            return Refuse(context, ErrorCodes.Forbidden, "the Host header is not an admin host (a loopback address or one in gateway.admin.allowedHosts)");
        }

        if (OpenPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            return next(context);
        }

        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (reads && request.Path.StartsWithSegments(DashboardEndpoints.AssetsPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (SessionPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            // The login form posts a form body, which a page of any site could send: only the origin check applies.
            return !reads && AdminRequestOrigin.IsCrossSite(request)
                ? Refuse(context, ErrorCodes.Forbidden, "a login or logout must not come from another site")
                : next(context);
        }

        if (!token.Accepts(request.Headers.Authorization.ToString()) && !sessions.Accepts(request))
        {
            if (reads && request.Path == "/" && request.Headers.Authorization.Count == 0)
            {
                AdminLog.Refused(logger, request.Method, "/", ErrorCodes.AuthFailed.Name, "no session: sent to the login form");
                DashboardLogin.SeeOther(context, DashboardLogin.LoginPath);
                return Task.CompletedTask;
            }

            AdminToken.Challenge(context);
            return Refuse(context, ErrorCodes.AuthFailed, "the admin API needs 'Authorization: Bearer TOKEN' with the admin token, or a dashboard session");
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
        {
            if (AdminRequestOrigin.IsCrossSite(request))
            {
                return Refuse(context, ErrorCodes.Forbidden, "a state-changing admin call must not come from another site");
            }

            if (!AdminRequestOrigin.HasJsonOrNoBody(request))
            {
                return Refuse(context, ErrorCodes.UnsupportedMediaType, "a state-changing admin call takes no body or an application/json one");
            }
        }

        return next(context);
    }

    private Task<bool> Refuse(HttpContext context, ErrorCode code, string reason)
    {
        AdminLog.Refused(logger, context.Request.Method, context.Request.Path.Value ?? "", code.Name, reason);
        return ProblemResponse.TryWriteAsync(context, code, reason);
    }
}

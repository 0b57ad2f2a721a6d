using System.Text;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The login form and its post: the admin token in a form field (never in the URL, so never in an access log), a
/// session cookie in return (<see cref="DashboardSessions"/>), then a redirect to the dashboard.
/// </summary>
internal static class DashboardLogin
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    private const string ErrorMarker = "<!--error-->";
    private const string ErrorHtml = "<p class=\"error\" role=\"alert\">That is not the admin token.</p>";

    // A token is a few dozen characters; nothing else is read from the form.
    private static readonly FormOptions Limits = new() { ValueCountLimit = 4, KeyLengthLimit = 32, ValueLengthLimit = 1024, MultipartBodyLengthLimit = 4096 };

    public static Task ShowAsync(HttpContext context) => DashboardResponses.WritePageAsync(context, DashboardAssets.Get("login.html"));

    public static async Task LogInAsync(HttpContext context, AdminToken token, DashboardSessions sessions, ILogger<DashboardSessions> logger)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            await ProblemResponse.TryWriteAsync(context, ErrorCodes.UnsupportedMediaType, "the login form posts application/x-www-form-urlencoded").ConfigureAwait(false);
            return;
        }

        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(request, Limits));
            form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            await ProblemResponse.TryWriteAsync(context, ErrorCodes.BadRequest, "the login form has one field, token, of at most 1024 characters").ConfigureAwait(false);
            return;
        }

        var presented = form["token"].ToString();
        if (presented.Length == 0 || !token.Accepts("Bearer " + presented))
        {
            AdminLog.Refused(logger, request.Method, request.Path.Value ?? "", ErrorCodes.AuthFailed.Name, "the login form did not carry the admin token");
            context.Response.Headers[ProblemResponse.ErrorCodeHeader] = ErrorCodes.AuthFailed.Name;
            var page = DashboardAssets.Get("login.html");
            var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(page.Content).Replace(ErrorMarker, ErrorHtml, StringComparison.Ordinal));
            await DashboardResponses.WritePageAsync(context, page, StatusCodes.Status401Unauthorized, body).ConfigureAwait(false);
            return;
        }

        sessions.Open(context);
        SeeOther(context, "/");
    }

    public static void LogOut(HttpContext context, DashboardSessions sessions)
    {
        sessions.Close(context);
        SeeOther(context, LoginPath);
    }

    /// <summary>303: the browser follows with a GET, so a reload of the next page does not post the form again.</summary>
    public static void SeeOther(HttpContext context, string location)
    {
        DashboardResponses.SetSecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }
}

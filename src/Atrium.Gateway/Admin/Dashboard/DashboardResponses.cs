using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Writes the dashboard's files with their security and cache headers. The Content-Security-Policy allows scripts,
/// styles and fetches from the admin listener itself only (no inline script, no other origin) and no framing. Pages
/// are <c>no-store</c> (they need a session); scripts and styles are cached and revalidated by their ETag.
/// </summary>
internal static class DashboardResponses
{
    /// <summary>The policy on every dashboard response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'";

    public static Task WritePageAsync(HttpContext context, DashboardAsset page, int statusCode = StatusCodes.Status200OK, byte[]? content = null)
    {
        SetSecurityHeaders(context.Response);
        context.Response.StatusCode = statusCode;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = page.ContentType;
        var body = content ?? page.Content;
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteAssetAsync(HttpContext context, DashboardAsset asset)
    {
        var response = context.Response;
        SetSecurityHeaders(response);
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    public static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // Not no-referrer: with it a browser sends "Origin: null" on the login form's post, which the guard takes for another site.
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.Admin;

/// <summary>
/// What a request says about where it comes from, for the admin API's defence against cross-site requests beyond
/// the token: browsers send <c>Sec-Fetch-Site</c> and <c>Origin</c>, and without a preflight they can only send
/// bodies of the form and plain-text media types.
/// </summary>
internal static class AdminRequestOrigin
{
    /// <summary>
    /// True when <c>Sec-Fetch-Site</c> is <c>cross-site</c> or <c>same-site</c> (another port of the same host is
    /// same-site), or when <c>Origin</c> is present and is not this request's own scheme and host.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return false;
        }

        // "null" (sandboxed frames, file:) and anything unparsable is another site too.
        return !Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
            || !uri.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !new HostString(uri.Authority).Equals(request.Host);
    }

    /// <summary>True when the request has no body and no media type, or its media type is JSON (<c>application/json</c>, <c>+json</c>).</summary>
    public static bool HasJsonOrNoBody(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            // The server knows from the framing (Content-Length, chunked, an HTTP/2 stream left open) whether a body follows.
            var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
            return !canHaveBody;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }
}

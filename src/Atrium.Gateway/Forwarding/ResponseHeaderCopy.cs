using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Copies an upstream response's status, headers (minus hop-by-hop ones, with the route's header transforms) and
/// trailers onto the client's response, values as the upstream sent them.
/// </summary>
internal static class ResponseHeaderCopy
{
    public static void CopyHeaders(HttpContext context, HttpResponseMessage response, Transforms.HeaderTransforms transforms)
    {
        var target = context.Response;
        target.StatusCode = (int)response.StatusCode;
        // The values as the upstream sent them: the validating view parses every value and allocates per header.
        var headers = response.Headers.NonValidated;
        var connection = headers.TryGetValues("Connection", out var named) ? ToStringValues(named) : StringValues.Empty;
        foreach (var (name, values) in headers)
        {
            if (HopByHopHeaders.Contains(name) || (connection.Count > 0 && HopByHopHeaders.IsNamedBy(connection, name)))
            {
                continue;
            }

            target.Headers[name] = ToStringValues(values);
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            target.Headers[name] = ToStringValues(values);
        }

        if (!transforms.IsEmpty)
        {
            transforms.Apply(target.Headers);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return new StringValues(values.ToString());
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return new StringValues(array);
    }

    public static void CopyTrailers(HttpContext context, HttpResponseMessage response)
    {
        // The listener's answer first: reading TrailingHeaders creates the collection, for nothing on HTTP/1.1.
        if (!context.Response.SupportsTrailers() || response.TrailingHeaders.NonValidated.Count == 0)
        {
            return;
        }

        foreach (var (name, values) in response.TrailingHeaders.NonValidated)
        {
            context.Response.AppendTrailer(name, ToStringValues(values));
        }
    }
}

using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// Sets response headers just before the response starts: after the forwarder copied the upstream's headers and after
/// an error answer cleared them, so policy headers (<c>Retry-After</c>, <c>WWW-Authenticate</c>, CORS) always survive.
/// </summary>
internal static class ResponseHeadersOnStart
{
    public static void Set(HttpResponse response, string name, string value) => Set(response, [new(name, value)]);

    public static void Set(HttpResponse response, KeyValuePair<string, string>[] headers) =>
        response.OnStarting(static state =>
        {
            var (response, headers) = ((HttpResponse, KeyValuePair<string, string>[]))state;
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            return Task.CompletedTask;
        }, (response, headers));
}

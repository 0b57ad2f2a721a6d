using System.Text;
using Atrium.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Authorization;

/// <summary>A compiled <c>cache.key</c>: the request's values that identify a decision, joined into one string.</summary>
internal sealed class ExtAuthzCacheKey
{
    private const string HeaderPrefix = "header:";
    private readonly string[] _parts;

    private ExtAuthzCacheKey(string[] parts) => _parts = parts;

    public static bool IsValidPart(string part) =>
        part is "subject" or "method" or "path" or "query" || (part.StartsWith(HeaderPrefix, StringComparison.Ordinal) && part.Length > HeaderPrefix.Length);

    public static ExtAuthzCacheKey Create(IEnumerable<string> parts) => new([.. parts]);

    public string For(HttpRequest request, GatewayIdentity? identity)
    {
        var key = new StringBuilder(128);
        foreach (var part in _parts)
        {
            // A newline cannot occur in any of the values, so no two requests share a key by accident.
            var value = part switch
            {
                "subject" => identity?.Subject ?? "",
                "method" => request.Method,
                "path" => request.Path.Value ?? "/",
                "query" => request.QueryString.Value ?? "",
                _ => request.Headers[part[HeaderPrefix.Length..]].ToString(),
            };
            key.Append(value).Append('\n');
        }

        return key.ToString();
    }
}

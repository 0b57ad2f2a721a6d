using System.Net.Http.Headers;
using Atrium.Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Transforms;

/// <summary>Header changes applied in the order remove, set, append.</summary>
internal sealed class HeaderTransforms(HeaderTransformsConfig config)
{
    private readonly string[] _remove = [.. config.Remove];
    private readonly KeyValuePair<string, string>[] _set = [.. config.Set];
    private readonly KeyValuePair<string, string>[] _append = [.. config.Append];

    public bool IsEmpty => _remove.Length == 0 && _set.Length == 0 && _append.Length == 0;

    /// <summary>Applies the changes to a request going upstream.</summary>
    public void Apply(HttpRequestMessage request)
    {
        foreach (var name in _remove)
        {
            request.Headers.Remove(name);
            request.Content?.Headers.Remove(name);
        }

        foreach (var (name, value) in _set)
        {
            var headers = HeadersFor(request, name);
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in _append)
        {
            HeadersFor(request, name).TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>Applies the changes to a response going to the client.</summary>
    public void Apply(IHeaderDictionary headers)
    {
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var (name, value) in _set)
        {
            headers[name] = value;
        }

        foreach (var (name, value) in _append)
        {
            headers.Append(name, value);
        }
    }

    private static HttpHeaders HeadersFor(HttpRequestMessage request, string name) =>
        request.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
            ? request.Content.Headers
            : request.Headers;
}

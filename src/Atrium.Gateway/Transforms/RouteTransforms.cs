using Atrium.Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Transforms;

/// <summary>A route's path rewrite and header changes, compiled once per config snapshot.</summary>
internal sealed class RouteTransforms
{
    private readonly PathTemplateRenderer? _template;
    private readonly string _removePrefix;
    private readonly string _addPrefix;

    private RouteTransforms(TransformsConfig config, PathTemplateRenderer? template)
    {
        _template = template;
        _removePrefix = config.PathRemovePrefix.Length > 1 ? config.PathRemovePrefix.TrimEnd('/') : "";
        _addPrefix = config.PathPrefix.Length > 1 ? config.PathPrefix.TrimEnd('/') : "";
        OriginalPathHeader = config.OriginalPathHeader.Length > 0 ? config.OriginalPathHeader : null;
        Request = new HeaderTransforms(config.RequestHeaders);
        Response = new HeaderTransforms(config.ResponseHeaders);
        RewritesPath = _template is not null || _removePrefix.Length > 0 || _addPrefix.Length > 0;
    }

    /// <summary>Whether the upstream path differs from the client's.</summary>
    public bool RewritesPath { get; }

    /// <summary>Whether path captures are needed to rewrite.</summary>
    public bool NeedsCaptures => _template is not null;

    public string? OriginalPathHeader { get; }

    public HeaderTransforms Request { get; }

    public HeaderTransforms Response { get; }

    /// <summary>Compiles <paramref name="config"/> for a route whose path captures <paramref name="parameters"/>.</summary>
    public static bool TryCreate(TransformsConfig config, IReadOnlyList<string> parameters, out RouteTransforms? transforms, out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        PathTemplateRenderer? template = null;
        if (config.PathTemplate.Length > 0 && !PathTemplateRenderer.TryCreate(config.PathTemplate, parameters, out template, out error))
        {
            transforms = null;
            return false;
        }

        transforms = new RouteTransforms(config, template);
        error = null;
        return true;
    }

    /// <summary>The path to send upstream (without the query string).</summary>
    public string TransformPath(string path, ReadOnlySpan<Range> captures)
    {
        if (_template is not null)
        {
            return _template.Render(path, captures);
        }

        if (_removePrefix.Length > 0 && path.StartsWith(_removePrefix, StringComparison.OrdinalIgnoreCase)
            && (path.Length == _removePrefix.Length || path[_removePrefix.Length] == '/'))
        {
            path = path.Length == _removePrefix.Length ? "/" : path[_removePrefix.Length..];
        }

        return _addPrefix.Length > 0 ? (path == "/" ? _addPrefix : _addPrefix + path) : path;
    }

    /// <summary>The original path and query, for <see cref="OriginalPathHeader"/>.</summary>
    public static string OriginalPath(HttpRequest request) => request.PathBase + request.Path + request.QueryString;
}

using System.Globalization;
using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.Security;

/// <summary>A route's compiled <c>cors</c>: origin, method and header checks and the precomputed header values.</summary>
internal sealed class CorsPolicy : IRoutePolicy
{
    private readonly HashSet<string> _origins;
    private readonly HashSet<string>? _methods;
    private readonly HashSet<string>? _headers;

    public CorsPolicy(CorsConfig config)
    {
        Config = config;
        AnyOrigin = config.AllowedOrigins.Contains("*");
        _origins = new HashSet<string>(config.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        _methods = config.AllowedMethods.Count == 0 ? null : new HashSet<string>(config.AllowedMethods, StringComparer.OrdinalIgnoreCase);
        _headers = config.AllowedHeaders.Count == 0 ? null : new HashSet<string>(config.AllowedHeaders, StringComparer.OrdinalIgnoreCase);
        ExposedHeaders = config.ExposedHeaders.Count == 0 ? null : string.Join(", ", config.ExposedHeaders);
        MaxAge = ((long)config.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    public CorsConfig Config { get; }

    public bool AnyOrigin { get; }

    public string? ExposedHeaders { get; }

    public string MaxAge { get; }

    public bool IsOriginAllowed(string origin) => AnyOrigin || _origins.Contains(origin);

    public bool IsMethodAllowed(string method) => _methods is null || _methods.Contains(method);

    /// <summary>Whether every header named in <c>Access-Control-Request-Headers</c> is allowed.</summary>
    public bool AreHeadersAllowed(string requested)
    {
        if (_headers is null || requested.Length == 0)
        {
            return true;
        }

        foreach (var range in requested.AsSpan().Split(','))
        {
            var name = requested.AsSpan()[range].Trim();
            if (name.Length > 0 && !_headers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of <c>Access-Control-Allow-Origin</c> for an allowed origin.</summary>
    public string AllowOrigin(string origin) => AnyOrigin && !Config.AllowCredentials ? "*" : origin;

    /// <summary>Headers for an actual (non-preflight) response to an allowed origin.</summary>
    public KeyValuePair<string, string>[] ResponseHeaders(string origin)
    {
        var headers = new List<KeyValuePair<string, string>>(4)
        {
            new(HeaderNames.AccessControlAllowOrigin, AllowOrigin(origin)),
            new(HeaderNames.Vary, HeaderNames.Origin),
        };
        if (Config.AllowCredentials)
        {
            headers.Add(new(HeaderNames.AccessControlAllowCredentials, "true"));
        }

        if (ExposedHeaders is not null)
        {
            headers.Add(new(HeaderNames.AccessControlExposeHeaders, ExposedHeaders));
        }

        return [.. headers];
    }

    /// <inheritdoc />
    public string Name => "cors";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["allowedOrigins"] = JsonNodes.Strings(Config.AllowedOrigins),
        ["allowCredentials"] = Config.AllowCredentials,
    };
}

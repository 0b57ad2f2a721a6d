using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// The request and response header maps as proxy-wasm shows them: lower-case names, one pair per value, and the
/// read-only pseudo-headers (<c>:method</c>, <c>:path</c>, <c>:authority</c>, <c>:scheme</c>; <c>:status</c>).
/// </summary>
internal static class PluginHeaders
{
    /// <summary>The map's headers, or null when the phase has no such map (response headers on the request).</summary>
    public static IHeaderDictionary? Map(PluginExchange exchange, bool response) =>
        !response ? exchange.Http.Request.Headers : exchange.HasResponse ? exchange.Http.Response.Headers : null;

    public static List<KeyValuePair<string, string>> Pairs(PluginExchange exchange, bool response)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var map = Map(exchange, response);
        if (map is null)
        {
            return pairs;
        }

        foreach (var name in PseudoNames(response))
        {
            pairs.Add(new(name, Pseudo(exchange, name)!));
        }

        foreach (var (name, values) in map)
        {
            var lower = name.ToLowerInvariant();
            foreach (var value in values)
            {
                pairs.Add(new(lower, value ?? ""));
            }
        }

        return pairs;
    }

    public static string? Get(PluginExchange exchange, bool response, string name)
    {
        var map = Map(exchange, response);
        if (map is null)
        {
            return null;
        }

        if (name.StartsWith(':'))
        {
            return PseudoNames(response).Contains(name, StringComparer.Ordinal) ? Pseudo(exchange, name) : null;
        }

        return map.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    /// <summary>Sets, adds or (value null) removes a header; false for a pseudo-header or a map the phase lacks.</summary>
    public static bool Change(PluginExchange exchange, bool response, string name, string? value, bool add)
    {
        var map = Map(exchange, response);
        if (map is null || name.Length == 0 || name.StartsWith(':'))
        {
            return false;
        }

        if (value is null)
        {
            map.Remove(name);
        }
        else if (add && map.TryGetValue(name, out var existing))
        {
            map[name] = StringValues.Concat(existing, value);
        }
        else
        {
            map[name] = value;
        }

        return true;
    }

    private static string[] PseudoNames(bool response) => response ? [":status"] : [":method", ":path", ":authority", ":scheme"];

    private static string? Pseudo(PluginExchange exchange, string name)
    {
        var request = exchange.Http.Request;
        return name switch
        {
            ":method" => request.Method,
            ":path" => request.Path.Value + request.QueryString.Value,
            ":authority" => request.Host.Value ?? "",
            ":scheme" => request.Scheme,
            ":status" => exchange.Http.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}

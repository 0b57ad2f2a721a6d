using System.Text;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// The properties a plugin may read (<c>proxy_get_property</c>), by dotted path, as Envoy names them: strings are
/// UTF-8, numbers 8-byte little-endian integers.
/// </summary>
internal static class PluginProperties
{
    /// <summary>The property's bytes, or null when the gateway has no such property.</summary>
    public static byte[]? Get(PluginExchange exchange, string pluginName, string path)
    {
        var http = exchange.Http;
        var request = http.Request;
        return path switch
        {
            "request.path" => Utf8(request.Path.Value + request.QueryString.Value),
            "request.url_path" => Utf8(request.Path.Value ?? "/"),
            "request.method" => Utf8(request.Method),
            "request.host" => Utf8(request.Host.Value ?? ""),
            "request.scheme" => Utf8(request.Scheme),
            "request.protocol" => Utf8(request.Protocol),
            "request.id" => Utf8(http.TraceIdentifier),
            "source.address" => http.Connection.RemoteIpAddress is { } ip ? Utf8($"{ip}:{http.Connection.RemotePort}") : null,
            "source.port" => BitConverter.GetBytes((long)http.Connection.RemotePort),
            "route_name" or "xds.route_name" => Utf8(exchange.Proxy.Route!.Id),
            "cluster_name" or "xds.cluster_name" => Utf8(exchange.Proxy.Cluster?.Name ?? ""),
            "plugin_name" => Utf8(pluginName),
            "response.code" when exchange.HasResponse => BitConverter.GetBytes((long)http.Response.StatusCode),
            _ => null,
        };
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}

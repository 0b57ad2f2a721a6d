using System.Net;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Writes <c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c>, <c>X-Real-IP</c> and the RFC 7239 <c>Forwarded</c>
/// header. Incoming values are kept and extended only when the peer is a trusted proxy; from anyone else they are
/// replaced, so a client cannot forge its origin.
/// </summary>
internal sealed class ForwardedHeaders(IReadOnlyList<string> trustedProxies)
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";
    public const string RealIp = "X-Real-IP";
    public const string Forwarded = "Forwarded";

    private readonly IPNetwork[] _trusted = trustedProxies
        .Select(p => IPNetwork.TryParse(p, out var network) ? network : new IPNetwork(IPAddress.Parse(p), IPAddress.Parse(p).GetAddressBytes().Length * 8))
        .ToArray();

    public static bool IsForwardedHeader(string name) =>
        name.Equals(For, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Proto, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Host, StringComparison.OrdinalIgnoreCase)
        || name.Equals(RealIp, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Forwarded, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The client's address for limits: the connection's peer, or, when the peer is a trusted proxy, the nearest
    /// address in <c>X-Forwarded-For</c> that is not a trusted proxy itself (read right to left, since only the entries
    /// trusted proxies appended can be believed; the leftmost ones are whatever the client wrote).
    /// </summary>
    public string ClientAddress(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return "";
        }

        var peer = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        if (!IsTrusted(peer) || !context.Request.Headers.TryGetValue(For, out var forwardedFor))
        {
            return peer.ToString();
        }

        var entries = string.Join(',', forwardedFor.ToArray()).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(entries[i], out var address))
            {
                // Not an address a proxy would write: the chain cannot be followed further than this hop.
                return peer.ToString();
            }

            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            if (i == 0 || !IsTrusted(address))
            {
                return address.ToString();
            }
        }

        return peer.ToString();
    }

    public void Apply(HttpContext context, HttpRequestMessage upstream)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress;
        var address = remote is null ? null : remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        var client = address?.ToString() ?? "unknown";
        var hop = ForwardedElement(address, request);
        var headers = upstream.Headers;
        if (remote is not null && IsTrusted(remote))
        {
            // A trusted proxy's view of the client is kept and this hop is added to the chain.
            var incoming = request.Headers;
            headers.TryAddWithoutValidation(Forwarded, incoming.TryGetValue(Forwarded, out var f) ? f + ", " + hop : hop);
            headers.TryAddWithoutValidation(RealIp, incoming.TryGetValue(RealIp, out var r) ? r.ToString() : client);
            if (incoming.TryGetValue(For, out var incomingFor))
            {
                headers.TryAddWithoutValidation(For, incomingFor + ", " + client);
                headers.TryAddWithoutValidation(Proto, incoming.TryGetValue(Proto, out var p) ? p.ToString() : request.Scheme);
                headers.TryAddWithoutValidation(Host, incoming.TryGetValue(Host, out var h) ? h.ToString() : request.Host.Value);
                return;
            }
        }
        else
        {
            headers.TryAddWithoutValidation(Forwarded, hop);
            headers.TryAddWithoutValidation(RealIp, client);
        }

        headers.TryAddWithoutValidation(For, client);
        headers.TryAddWithoutValidation(Proto, request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation(Host, request.Host.Value);
        }
    }

    // RFC 7239 §4: for=, proto= and host= of this hop; an IPv6 address is bracketed and, like any value that is not a
    // token (a host with a port), quoted.
    private static string ForwardedElement(IPAddress? address, HttpRequest request)
    {
        var node = address is null ? "unknown" : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "\"[" + address + "]\"" : address.ToString();
        var element = "for=" + node + ";proto=" + request.Scheme;
        if (request.Host.HasValue)
        {
            var host = request.Host.Value;
            element += ";host=" + (IsToken(host) ? host : "\"" + host.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        }

        return element;
    }

    private static bool IsToken(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private bool IsTrusted(IPAddress address)
    {
        if (_trusted.Length == 0)
        {
            return false;
        }

        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _trusted)
        {
            if (network.Contains(ip))
            {
                return true;
            }
        }

        return false;
    }
}

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
    /// The client's address: the connection's peer, or, when the peer is a trusted proxy, the nearest address in
    /// <c>X-Forwarded-For</c> that is not a trusted proxy itself (read right to left, since only the entries trusted
    /// proxies appended can be believed; the leftmost ones are whatever the client wrote). Null without a peer.
    /// </summary>
    public IPAddress? ClientIp(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return null;
        }

        var peer = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        if (_trusted.Length == 0 || !IsTrusted(peer) || !context.Request.Headers.TryGetValue(For, out var forwardedFor))
        {
            return peer;
        }

        for (var v = forwardedFor.Count - 1; v >= 0; v--)
        {
            var value = (forwardedFor[v] ?? "").AsSpan();
            while (!value.IsEmpty)
            {
                var comma = value.LastIndexOf(',');
                var entry = value[(comma + 1)..].Trim();
                value = comma < 0 ? [] : value[..comma];
                if (entry.IsEmpty)
                {
                    continue;
                }

                if (!IPAddress.TryParse(entry, out var address))
                {
                    // Not an address a proxy would write: the chain cannot be followed further than this hop.
                    return peer;
                }

                address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                if (!IsTrusted(address))
                {
                    return address;
                }

                peer = address;
            }
        }

        // Every entry was a trusted proxy: the leftmost one is the nearest thing to a client there is.
        return peer;
    }

    public void Apply(HttpContext context, HttpRequestMessage upstream)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress;
        var address = remote is null ? null : remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        var peer = address?.ToString() ?? "unknown";
        var hop = ForwardedElement(address, peer, request);
        var headers = upstream.Headers;
        if (address is not null && _trusted.Length > 0 && IsTrusted(address))
        {
            // A trusted proxy's chain is kept and this hop added to it. X-Real-IP holds one address, so it is the
            // gateway's own reading of the chain: a load balancer that passes a client's X-Real-IP through untouched
            // must not make it the truth.
            var incoming = request.Headers;
            headers.TryAddWithoutValidation(Forwarded, incoming.TryGetValue(Forwarded, out var f) ? f + ", " + hop : hop);
            headers.TryAddWithoutValidation(RealIp, ClientIp(context)?.ToString() ?? peer);
            if (incoming.TryGetValue(For, out var incomingFor))
            {
                headers.TryAddWithoutValidation(For, incomingFor + ", " + peer);
                headers.TryAddWithoutValidation(Proto, incoming.TryGetValue(Proto, out var p) ? p.ToString() : request.Scheme);
                headers.TryAddWithoutValidation(Host, incoming.TryGetValue(Host, out var h) ? h.ToString() : request.Host.Value);
                return;
            }
        }
        else
        {
            headers.TryAddWithoutValidation(Forwarded, hop);
            headers.TryAddWithoutValidation(RealIp, peer);
        }

        headers.TryAddWithoutValidation(For, peer);
        headers.TryAddWithoutValidation(Proto, request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation(Host, request.Host.Value);
        }
    }

    // RFC 7239 §4: for=, proto= and host= of this hop; an IPv6 address is bracketed and, like any value that is not a
    // token (a host with a port), quoted.
    private static string ForwardedElement(IPAddress? address, string peer, HttpRequest request)
    {
        var v6 = address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var proto = request.Scheme;
        if (!request.Host.HasValue)
        {
            return v6 ? string.Concat("for=\"[", peer, "]\";proto=", proto) : string.Concat("for=", peer, ";proto=", proto);
        }

        var host = request.Host.Value;
        if (!IsToken(host))
        {
            host = "\"" + host.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        return v6
            ? string.Concat("for=\"[", peer, "]\";proto=", proto) + ";host=" + host
            : string.Concat("for=", peer, ";proto=", proto, ";host=") + host;
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

using System.Net;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Writes <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>. Incoming values are kept and extended only when the
/// peer is a trusted proxy; from anyone else they are replaced, so a client cannot forge its origin.
/// </summary>
internal sealed class ForwardedHeaders(IReadOnlyList<string> trustedProxies)
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";

    private readonly IPNetwork[] _trusted = trustedProxies
        .Select(p => IPNetwork.TryParse(p, out var network) ? network : new IPNetwork(IPAddress.Parse(p), IPAddress.Parse(p).GetAddressBytes().Length * 8))
        .ToArray();

    public static bool IsForwardedHeader(string name) =>
        name.Equals(For, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Proto, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Host, StringComparison.OrdinalIgnoreCase);

    public void Apply(HttpContext context, HttpRequestMessage upstream)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress;
        var client = remote is null ? "unknown" : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        if (remote is not null && IsTrusted(remote) && request.Headers.TryGetValue(For, out var incomingFor))
        {
            upstream.Headers.TryAddWithoutValidation(For, incomingFor + ", " + client);
            upstream.Headers.TryAddWithoutValidation(Proto, request.Headers.TryGetValue(Proto, out var p) ? p.ToString() : request.Scheme);
            upstream.Headers.TryAddWithoutValidation(Host, request.Headers.TryGetValue(Host, out var h) ? h.ToString() : request.Host.Value);
            return;
        }

        upstream.Headers.TryAddWithoutValidation(For, client);
        upstream.Headers.TryAddWithoutValidation(Proto, request.Scheme);
        if (request.Host.HasValue)
        {
            upstream.Headers.TryAddWithoutValidation(Host, request.Host.Value);
        }
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

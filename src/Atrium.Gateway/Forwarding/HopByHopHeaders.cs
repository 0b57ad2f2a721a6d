using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), and so are never forwarded; plus any
/// header a <c>Connection</c> field names.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly FrozenSet<string> Names = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "HTTP2-Settings", "Alt-Svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is always hop-by-hop.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>Whether <paramref name="name"/> is listed in a <c>Connection</c> header's values.</summary>
    internal static bool IsNamedBy(StringValues connection, string name)
    {
        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

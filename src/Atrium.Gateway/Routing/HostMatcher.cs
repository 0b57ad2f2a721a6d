using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Routing;

/// <summary>
/// Host conditions: exact names and <c>*.suffix</c> wildcards (subdomains only, not the apex), each optionally with
/// a port. Case-insensitive.
/// </summary>
internal sealed class HostMatcher
{
    private readonly (string Host, bool Wildcard, int? Port)[] _entries;

    public HostMatcher(IReadOnlyList<string> patterns)
    {
        _entries = patterns.Select(Parse).ToArray();
        Rank = _entries.Length == 0 ? 2 : _entries.All(e => !e.Wildcard) ? 0 : 1;
    }

    /// <summary>0 when every host is exact, 1 with wildcards, 2 when any host matches.</summary>
    public int Rank { get; }

    public bool IsEmpty => _entries.Length == 0;

    public static bool IsValidPattern(string pattern)
    {
        var (host, _, _) = Parse(pattern);
        return host.Length > 0 && Uri.CheckHostName(host.TrimStart('.')) != UriHostNameType.Unknown;
    }

    public bool Matches(HostString requestHost)
    {
        var host = requestHost.Host;
        var port = requestHost.Port;
        foreach (var entry in _entries)
        {
            if (entry.Port is { } wanted && wanted != port)
            {
                continue;
            }

            if (entry.Wildcard
                ? host.Length > entry.Host.Length && host.EndsWith(entry.Host, StringComparison.OrdinalIgnoreCase)
                : host.Equals(entry.Host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Host, bool Wildcard, int? Port) Parse(string pattern)
    {
        var colon = pattern.LastIndexOf(':');
        int? port = null;
        if (colon > 0 && !pattern.EndsWith(']') && int.TryParse(pattern.AsSpan(colon + 1), out var p))
        {
            port = p;
            pattern = pattern[..colon];
        }

        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? (pattern[1..], true, port)
            : (pattern, false, port);
    }
}

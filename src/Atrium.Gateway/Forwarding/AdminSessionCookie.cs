using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// The admin dashboard's session cookie, which the proxy never forwards. Browsers scope cookies by host name, not by
/// port, so a browser signed in to the admin listener sends the cookie to the public listener of the same host too;
/// an upstream that saw it could replay it against the admin listener. No name or attribute prevents that: a
/// <c>Path</c> is a prefix any public route can share, and <c>__Host-</c> needs <c>Secure</c>, which a plain-HTTP
/// loopback listener cannot set. So the proxy removes it by name, keeping the other cookies as they came.
/// </summary>
internal static class AdminSessionCookie
{
    /// <summary>The cookie's name (<c>DashboardSessions</c> sets it).</summary>
    public const string Name = "atrium-admin-session";

    /// <summary>
    /// Returns <paramref name="cookies"/> (the values of <c>Cookie</c> headers) without the admin session cookie, or
    /// null when none of them carries it. Each other cookie-pair keeps its bytes; the pairs left in a value are joined
    /// by <c>"; "</c>, and a value left empty is dropped, so the result may be empty.
    /// </summary>
    public static StringValues? Without(StringValues cookies)
    {
        if (!AnyMentions(cookies))
        {
            return null;
        }

        var kept = new List<string>(cookies.Count);
        var removed = false;
        foreach (var value in cookies)
        {
            var pairs = Mentions(value) ? value!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            var others = pairs.Where(p => !IsSessionPair(p)).ToArray();
            if (others.Length == pairs.Length)
            {
                // The name only appeared inside another cookie: the value goes as it came.
                kept.Add(value ?? "");
                continue;
            }

            removed = true;
            if (others.Length > 0)
            {
                kept.Add(string.Join("; ", others));
            }
        }

        return removed ? new StringValues([.. kept]) : (StringValues?)null;
    }

    private static bool AnyMentions(StringValues cookies)
    {
        foreach (var value in cookies)
        {
            if (Mentions(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(string? value) => value is not null && value.Contains(Name, StringComparison.Ordinal);

    // A cookie-pair is "name=value" (RFC 6265 §4.2.1); names are case-sensitive.
    private static bool IsSessionPair(string pair) =>
        pair.StartsWith(Name, StringComparison.Ordinal) && pair.AsSpan(Name.Length).TrimStart().StartsWith("=");
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Browser sessions of the dashboard. A browser cannot send a bearer header when it navigates, so the login form posts
/// the admin token once and gets a cookie holding a random session id instead (never the token): HttpOnly,
/// SameSite=Strict, Secure when the admin listener is on TLS, valid for <see cref="Lifetime"/> or until logout or
/// restart. Only the id's SHA-256 is kept. <see cref="AdminGuard"/> accepts the cookie as it accepts the token.
/// </summary>
internal sealed class DashboardSessions(TimeProvider time)
{
    /// <summary>The cookie's name; the proxy removes it from what it forwards.</summary>
    public const string CookieName = Forwarding.AdminSessionCookie.Name;

    /// <summary>How long a session lasts: a working day.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    // Logins need the token, so this only bounds what a token holder's script can make the process keep.
    private const int MaxSessions = 256;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session and sets its cookie on <paramref name="context"/>'s response.</summary>
    public void Open(HttpContext context)
    {
        var now = time.GetUtcNow();
        foreach (var (key, expires) in _sessions)
        {
            if (expires <= now)
            {
                _sessions.TryRemove(key, out _);
            }
        }

        while (_sessions.Count >= MaxSessions && _sessions.MinBy(s => s.Value) is { Key: { } oldest })
        {
            _sessions.TryRemove(oldest, out _);
        }

        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _sessions[Hash(id)] = now + Lifetime;
        context.Response.Cookies.Append(CookieName, id, Options(context, Lifetime));
    }

    /// <summary>Whether the request carries the cookie of a live session.</summary>
    public bool Accepts(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var id) && !string.IsNullOrEmpty(id)
        && _sessions.TryGetValue(Hash(id), out var expires) && expires > time.GetUtcNow();

    /// <summary>Ends the request's session, if any, and clears its cookie.</summary>
    public void Close(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && !string.IsNullOrEmpty(id))
        {
            _sessions.TryRemove(Hash(id), out _);
        }

        context.Response.Cookies.Delete(CookieName, Options(context, TimeSpan.Zero));
    }

    private static CookieOptions Options(HttpContext context, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

    private static string Hash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}

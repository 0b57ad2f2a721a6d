using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Atrium.Ordering.Api;

/// <summary>
/// The <c>wait</c> preference of RFC 7240 (<c>Prefer: wait=SECONDS</c>): how long the client is willing to wait for the
/// answer it wants. A malformed or absent preference is ignored, as the RFC asks, and means no wait.
/// </summary>
internal static class PreferWait
{
    /// <summary>The wait asked for, cut to <paramref name="max"/>; zero when none was asked for.</summary>
    public static TimeSpan Read(IHeaderDictionary headers, TimeSpan max)
    {
        foreach (var header in headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(','))
            {
                // A preference is `token [= value] *( ";" parameter )`; only the first part matters here.
                var part = preference.Split(';')[0].Trim();
                if (part.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    var asked = TimeSpan.FromSeconds(seconds);
                    return asked < max ? asked : max;
                }
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>The <c>Preference-Applied</c> value for <paramref name="wait"/>.</summary>
    public static string Format(TimeSpan wait) =>
        "wait=" + ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

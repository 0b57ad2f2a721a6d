using System.Net;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Security;

/// <summary>
/// Where signing keys may be fetched from. The JWKS decides which tokens are believed, so over plain HTTP anyone on
/// the path could hand out keys of their own: <c>https://</c> is accepted anywhere, <c>http://</c> only to loopback
/// (127.0.0.0/8, ::1, <c>localhost</c>), unless the option <see cref="AllowInsecureKey"/> next to the URL says so.
/// </summary>
public static class JwksUrlRule
{
    /// <summary>The YAML key, next to <c>jwksUrl</c>, that accepts plain HTTP to any host.</summary>
    public const string AllowInsecureKey = "allowInsecureJwksUrl";

    /// <summary>Whether <paramref name="url"/> fetches keys over plain HTTP from a host that is not loopback.</summary>
    public static bool IsInsecure(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url);
    }

    /// <summary>
    /// Reports <paramref name="urlKey"/> when <paramref name="url"/> is insecure and <paramref name="allowInsecure"/>
    /// is off: the error names the URL (without its user info) and the key that allows it.
    /// </summary>
    /// <param name="context">The context of the options that hold both keys.</param>
    /// <param name="urlKey">The URL's key relative to the options, e.g. <c>jwksUrl</c>.</param>
    /// <param name="url">The parsed URL.</param>
    /// <param name="allowInsecure">The value of <see cref="AllowInsecureKey"/>.</param>
    public static void Validate(ConfigValidationContext context, string urlKey, Uri url, bool allowInsecure)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (allowInsecure || !IsInsecure(url))
        {
            return;
        }

        var allowKey = context.Path.Length == 0 ? AllowInsecureKey : $"{context.Path}.{AllowInsecureKey}";
        context.AddError(
            urlKey,
            $"'{WithoutUserInfo(url)}' fetches signing keys over plain http from a host that is not "
            + $"loopback (127.0.0.0/8, ::1, localhost), where they could be swapped on the way; use https://, or set {allowKey}: true to accept it");
    }

    /// <summary>
    /// <paramref name="url"/> as text to show (errors, readiness), its user info replaced by <c>***</c>. From the parsed
    /// URL, not by pattern over the text: a password with a quote or space in it must not survive.
    /// </summary>
    public static string WithoutUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.UserInfo.Length == 0 ? url.OriginalString : new UriBuilder(url) { UserName = "***", Password = "" }.Uri.ToString();
    }

    private static bool IsLoopback(Uri url) => url.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address),
        _ => string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase),
    };
}

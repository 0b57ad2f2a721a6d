using System.Text.RegularExpressions;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// The one place that decides what of the config may be shown. Every view of it passes through here: the effective
/// config and the other admin views (<see cref="Redact(System.Text.Json.Nodes.JsonNode?)"/>), config errors (in the
/// admin API, <c>atrium config validate</c> and the log) and log lines that print config values
/// (<see cref="RedactText"/>). Besides <see cref="SecretAttribute"/> properties it goes by key names (passwords,
/// secrets, tokens, API keys and their hashes, credentials, <c>Authorization</c> and <c>Cookie</c> headers) and by value
/// shapes that carry secrets whatever their key (URL user info, <c>Password=</c> in connection strings, bearer and
/// basic credentials, the values of an OTLP <c>headers</c> list).
/// </summary>
public static partial class ConfigRedactor
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Mask = "***";

    // Compared with the key lower-cased and without '-', '_' and '.': x-api-key, X_Auth_Token, connection.password.
    private static readonly string[] SecretNameEndings =
    [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey",
        "credential", "credentials", "authorization", "cookie", "sha256",
    ];

    /// <summary>
    /// Whether a key (an option, a dictionary key, a header name) names a secret: it ends with password, secret,
    /// token, api key, private key, credential(s), authorization, cookie or sha256 (API-key hashes). <c>tokenFile</c>
    /// (a path) and <c>apiKeyHeader</c> (a header name) do not.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = Normalize(name);
        foreach (var ending in SecretNameEndings)
        {
            if (normalized.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Masks the secret-bearing shapes in free text: <c>scheme://user:pass@host</c> becomes <c>scheme://***@host</c>
    /// (user info runs to the last <c>@</c> before the host: a password may hold one), <c>Password=x</c> (or Npgsql's
    /// other spellings <c>Pwd=</c>, <c>Psw=</c>, <c>SSL Password=</c>) becomes <c>Password=***</c> up to the next
    /// <c>;</c> unless the value is exactly the placeholder <c>...</c>, and <c>Bearer x</c> or <c>Basic x</c> becomes
    /// <c>Bearer ***</c>. Text without them is returned as is.
    /// </summary>
    public static string RedactText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        text = UrlUserInfo().Replace(text, "${scheme}" + Mask + "@");
        // "Password=...;" is the placeholder in hints about connection strings, not a value; "...x" is a value.
        text = ConnectionStringPassword().Replace(text, m => m.Groups["value"].ValueSpan.Trim() is "..." ? m.Value : m.Groups["key"].Value + Mask);
        return AuthorizationCredentials().Replace(text, "${scheme}" + Mask);
    }

    /// <summary>
    /// The value of <paramref name="name"/> as it may be shown: masked entirely when the name is a secret's
    /// (<see cref="IsSecretName"/>), every value masked in a <c>headers</c> list of pairs (<c>key=value,key2=value2</c>,
    /// as <c>telemetry.otlp.headers</c>), otherwise <see cref="RedactText"/>. Empty stays empty: nothing is set.
    /// </summary>
    public static string RedactValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return value;
        }

        if (IsSecretName(name))
        {
            return Mask;
        }

        // Only "key=value" lists: a list of header names (CORS allowedHeaders) holds nothing secret.
        return Normalize(name).EndsWith("headers", StringComparison.Ordinal) && value.Contains('=', StringComparison.Ordinal)
            ? RedactHeaderList(value)
            : RedactText(value);
    }

    /// <summary>
    /// A config error's message as it may be shown: when a key on <paramref name="path"/> names a secret, the
    /// quoted values in it (<c>'...'</c>) are masked; then <see cref="RedactText"/>.
    /// </summary>
    internal static string RedactMessage(string path, string message)
    {
        if (PathSegment().Matches(path).Any(m => IsSecretName(m.Value)))
        {
            message = QuotedValue().Replace(message, "'" + Mask + "'");
        }

        return RedactText(message);
    }

    private static string RedactHeaderList(string value) =>
        string.Join(',', value.Split(',').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? Mask : pair[..(equals + 1)] + Mask;
        }));

    private static string Normalize(string name) =>
        name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();

    // Greedy up to the last '@' before the path: "u:p@ss@host" is user "u", password "p@ss".
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s'""]+@")]
    private static partial Regex UrlUserInfo();

    // Npgsql's keywords for the password: Password, Pwd, Psw; and SSL Password (SslPassword) for the client key.
    [GeneratedRegex(@"(?<key>\b(?:ssl\s*)?(?:password|pwd|psw)\s*=\s*)(?<value>""[^""]*""|'[^']*'|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationCredentials();

    [GeneratedRegex(@"[^.\[\]""]+")]
    private static partial Regex PathSegment();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedValue();
}

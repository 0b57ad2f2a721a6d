using System.Text;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Builds the address of an upstream request from the path the gateway routed, so that the upstream receives exactly
/// that path: each character outside RFC 3986 <c>pchar</c> is percent-encoded (UTF-8, uppercase hex) and the query is
/// the client's, byte for byte. The forwarder and the mirror both build their addresses here.
/// </summary>
/// <remarks>
/// <see cref="Uri"/> is created with path canonicalization off: left on, it turns <c>\</c> into <c>/</c>, removes
/// dot segments and unescapes some escapes, which is how a gateway routes one path and forwards another.
/// </remarks>
internal static class UpstreamAddress
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The upstream address for <paramref name="path"/> (routed spelling, see <c>RequestPathDecoder</c>).</summary>
    /// <param name="endpointBase">The endpoint's scheme, authority and base path, without a trailing slash.</param>
    /// <param name="path">The path after transforms; a <c>%</c> in it always starts an escape that is kept as is.</param>
    /// <param name="query">The raw query string with its <c>?</c>, or empty.</param>
    public static Uri Create(string endpointBase, string path, string? query) =>
        new(string.Concat(endpointBase, Encode(path), query), in Verbatim);

    /// <summary>Percent-encodes every character of <paramref name="path"/> that may not appear raw in a path.</summary>
    public static string Encode(string path)
    {
        var first = IndexOfUnsafe(path);
        if (first < 0)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 16);
        builder.Append(path, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        var rest = path.AsSpan(first);
        while (!rest.IsEmpty)
        {
            System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            if (rune.IsAscii && IsPathChar((char)rune.Value))
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
                }
            }

            rest = rest[consumed..];
        }

        return builder.ToString();
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static int IndexOfUnsafe(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (!IsPathChar(path[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // RFC 3986 pchar (unreserved, sub-delims, ':' and '@') plus '/' between segments and '%', which in the routed
    // spelling only ever starts an escape the decoder kept.
    private static bool IsPathChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*'
            or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '%';
}

using System.Buffers;
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
    /// <param name="path">
    /// The path after transforms; <c>%25</c> and <c>%2F</c> in it are escapes the decoder kept and go as they are, any
    /// other <c>%</c> is a literal percent sign.
    /// </param>
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
            if (rest[0] == '%' && IsKeptEscape(rest))
            {
                builder.Append(rest[..3]);
                rest = rest[3..];
                continue;
            }

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
        var span = path.AsSpan();
        var offset = 0;
        while (true)
        {
            var i = span.IndexOfAnyExcept(PathChars);
            if (i < 0)
            {
                return -1;
            }

            if (span[i] != '%' || !IsKeptEscape(span[i..]))
            {
                return offset + i;
            }

            offset += i + 3;
            span = span[(i + 3)..];
        }
    }

    // In the routed spelling a '%' only ever starts one of the two escapes the decoder keeps; any other '%' (a path
    // that did not come from the decoder, a config literal) is a literal percent sign and is encoded.
    private static bool IsKeptEscape(ReadOnlySpan<char> text) =>
        text.Length >= 3 && text[0] == '%' && (text[1..3] is "25" or "2F");

    private static bool IsPathChar(char c) => PathChars.Contains(c);

    // RFC 3986 pchar (unreserved, sub-delims, ':' and '@') plus '/' between segments.
    private static readonly SearchValues<char> PathChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");
}

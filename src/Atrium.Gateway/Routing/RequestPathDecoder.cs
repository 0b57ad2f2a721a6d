using System.Text;

namespace Atrium.Gateway.Routing;

/// <summary>
/// Decodes the path of a request-target exactly once, segment by segment, and refuses what a back end could read
/// another way than the gateway routed it: dot segments (raw or encoded in any case), backslashes, NUL and other
/// control characters, bad percent escapes and invalid UTF-8 (overlong forms included).
/// </summary>
/// <remarks>
/// The result is the path the gateway routes on, in its one unambiguous spelling: every octet decoded except a slash
/// that was inside a segment, kept as <c>%2F</c>, and a literal percent sign, kept as <c>%25</c>. In that spelling
/// every <c>%</c> starts one of those two escapes, so <see cref="Forwarding.UpstreamAddress"/> can re-encode it without
/// guessing, and double encoding (<c>%252e%252e</c>) stays the literal text <c>%2e%2e</c> end to end.
/// </remarks>
internal static class RequestPathDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes the path of <paramref name="rawTarget"/> (origin or absolute form, query included or not).</summary>
    /// <param name="rawTarget">The request-target as the client sent it.</param>
    /// <param name="path">
    /// The canonical path, or null when the raw path needs no decoding and so already is what the server routes on.
    /// </param>
    /// <param name="encodedSlash">Whether a segment held an encoded slash (<c>%2F</c>).</param>
    /// <returns>False when the request must be refused.</returns>
    public static bool TryDecode(string rawTarget, out string? path, out bool encodedSlash)
    {
        path = null;
        encodedSlash = false;
        if (rawTarget.Contains('#', StringComparison.Ordinal))
        {
            // A fragment is never sent (RFC 9110 §7.1); one that arrives means client and server parse differently.
            return false;
        }

        var raw = PathOf(rawTarget);
        if (raw.Length == 0 || raw[0] != '/')
        {
            return false;
        }

        if (!raw.Contains('%'))
        {
            // The common case: nothing encoded, so the server's path is the raw one once it holds nothing to refuse.
            return !raw.Contains('\\') && !ContainsControl(raw) && !HasDotSegment(raw);
        }

        var builder = new StringBuilder(raw.Length);
        var bytes = new List<byte>(16);
        var segmentStart = 1;
        while (segmentStart <= raw.Length)
        {
            var end = raw[segmentStart..].IndexOf('/');
            var segment = end < 0 ? raw[segmentStart..] : raw.Slice(segmentStart, end);
            builder.Append('/');
            if (!TryAppendSegment(segment, builder, bytes, ref encodedSlash))
            {
                path = null;
                return false;
            }

            segmentStart += (end < 0 ? segment.Length : end) + 1;
        }

        path = builder.ToString();
        return true;
    }

    private static ReadOnlySpan<char> PathOf(string rawTarget)
    {
        var target = rawTarget.AsSpan();
        if (target.Length > 0 && target[0] != '/')
        {
            // Absolute form (RFC 9112 §3.2.2): skip "scheme://authority"; the path starts at the next slash.
            var scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                return [];
            }

            var authorityEnd = target[(scheme + 3)..].IndexOfAny('/', '?');
            if (authorityEnd < 0)
            {
                return "/";
            }

            target = target[(scheme + 3 + authorityEnd)..];
            if (target[0] == '?')
            {
                return "/";
            }
        }

        var query = target.IndexOf('?');
        return query < 0 ? target : target[..query];
    }

    private static bool TryAppendSegment(ReadOnlySpan<char> segment, StringBuilder builder, List<byte> bytes, ref bool encodedSlash)
    {
        var start = builder.Length;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                if (!TryAppendDecoded(builder, bytes, ref encodedSlash))
                {
                    return false;
                }

                builder.Append(c);
                continue;
            }

            if (i + 2 >= segment.Length || !IsHex(segment[i + 1]) || !IsHex(segment[i + 2]))
            {
                return false;
            }

            bytes.Add((byte)((HexValue(segment[i + 1]) << 4) | HexValue(segment[i + 2])));
            i += 2;
        }

        if (!TryAppendDecoded(builder, bytes, ref encodedSlash))
        {
            return false;
        }

        var decoded = builder.ToString(start, builder.Length - start);
        return !ContainsControl(decoded) && !decoded.Contains('\\', StringComparison.Ordinal)
            // Where a segment held an encoded slash, any upstream that decodes it sees the parts as segments.
            && !HasDotSegment(decoded.Replace("%2F", "/", StringComparison.Ordinal));
    }

    // Turns the run of percent-decoded octets collected so far into text, which must be valid UTF-8 on its own: a
    // character is never split between an escape and a literal.
    private static bool TryAppendDecoded(StringBuilder builder, List<byte> bytes, ref bool encodedSlash)
    {
        if (bytes.Count == 0)
        {
            return true;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            bytes.Clear();
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '/':
                    encodedSlash = true;
                    builder.Append("%2F");
                    break;
                case '%':
                    builder.Append("%25");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return true;
    }

    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c == 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

using System.Buffers;
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

    // What sends a path down the long way: an escape, a backslash or a control character.
    private static readonly SearchValues<char> NeedsDecoding = SearchValues.Create(
        "%\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    // RFC 3986 reg-name (unreserved and sub-delims), a port's ':' and an IP literal's brackets; no '%' or '@'.
    private static readonly SearchValues<char> AuthorityChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:[]");

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

        var absolute = rawTarget.Length > 0 && rawTarget[0] != '/';
        var raw = absolute ? AbsoluteFormPath(rawTarget) : PathOf(rawTarget);
        if (raw.Length == 0 || raw[0] != '/')
        {
            return false;
        }

        if (!absolute && raw.IndexOfAny(NeedsDecoding) < 0)
        {
            // The common case, in one scan: nothing encoded, no backslash or control character, so the server's path
            // is the raw one once it holds no dot segment. (An absolute-form target always takes the long way:
            // Kestrel routes it on Uri.LocalPath, which has decoded and normalized it already.)
            return !raw.Contains('.') || !HasDotSegment(raw);
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

    private static ReadOnlySpan<char> PathOf(ReadOnlySpan<char> target)
    {
        var query = target.IndexOf('?');
        return query < 0 ? target : target[..query];
    }

    // Absolute form (RFC 9112 §3.2.2): "http(s)://authority/path?query". The authority may hold only what a host and
    // port are made of; userinfo, escapes and backslashes are refused, since parsers disagree on where such an
    // authority ends (System.Uri ends it at a backslash, and then reads the rest as the path).
    private static ReadOnlySpan<char> AbsoluteFormPath(string rawTarget)
    {
        var target = rawTarget.AsSpan();
        var schemeEnd = target.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !(target[..schemeEnd] is var scheme
            && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase))))
        {
            return [];
        }

        var rest = target[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        if (authority.IsEmpty || authority.IndexOfAnyExcept(AuthorityChars) >= 0)
        {
            return [];
        }

        if (authorityEnd < 0 || rest[authorityEnd] == '?')
        {
            return "/";
        }

        return PathOf(rest[authorityEnd..]);
    }

    private static bool TryAppendSegment(ReadOnlySpan<char> segment, StringBuilder builder, List<byte> bytes, ref bool encodedSlash)
    {
        var start = builder.Length;
        var slashesBefore = encodedSlash;
        encodedSlash = false;
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
        var valid = !ContainsControl(decoded) && !decoded.Contains('\\', StringComparison.Ordinal)
            // Where a segment held an encoded slash, any upstream that decodes it sees the parts as segments.
            && (encodedSlash ? !HasDotSegment(decoded.Replace("%2F", "/", StringComparison.Ordinal)) : decoded is not ("." or ".."));
        encodedSlash |= slashesBefore;
        return valid;
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

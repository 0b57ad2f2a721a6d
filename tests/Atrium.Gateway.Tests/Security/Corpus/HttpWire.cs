using System.Globalization;
using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// Strict HTTP/1.1 framing for the corpus's two ends (the recorder reads requests, the client reads responses):
/// heads end in CRLF CRLF, bodies are delimited by <c>Content-Length</c> or by chunked coding. Anything else is a
/// <see cref="FormatException"/>, because the gateway's own output must be exactly well-formed.
/// </summary>
internal static class HttpWire
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Reads a head at the start of <paramref name="data"/>; <see langword="null"/> while it is incomplete.</summary>
    public static WireHead? TryReadHead(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(data[..end]).Split("\r\n");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(c => c is ' ' or '\t' or '\r' or '\n'))
            {
                throw new FormatException($"not a header field: '{line}'");
            }

            fields.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        return new WireHead(lines[0], fields, end + 4);
    }

    /// <summary>
    /// Reads the body that follows <paramref name="head"/> from <paramref name="data"/> (which starts right after the
    /// head). Returns false while it is incomplete. A head with neither length nor chunked coding has no body, unless
    /// <paramref name="untilClose"/> (a response without length: the body runs to the end of the connection).
    /// </summary>
    public static bool TryReadBody(WireHead head, ReadOnlySpan<byte> data, bool untilClose, bool ended, out byte[] body, out int consumed)
    {
        var encodings = head.Values("Transfer-Encoding");
        var lengths = head.Values("Content-Length");
        if (encodings.Count > 0)
        {
            if (lengths.Count > 0 || encodings.Count != 1 || !encodings[0].Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"ambiguous framing: Transfer-Encoding '{string.Join(", ", encodings)}', Content-Length '{string.Join(", ", lengths)}'");
            }

            return TryReadChunked(data, out body, out consumed);
        }

        if (lengths.Count > 0)
        {
            if (lengths.Count != 1 || !long.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new FormatException($"invalid Content-Length '{string.Join(", ", lengths)}'");
            }

            return TryTake(data, length, out body, out consumed);
        }

        if (untilClose)
        {
            body = data.ToArray();
            consumed = data.Length;
            return ended;
        }

        body = [];
        consumed = 0;
        return true;
    }

    private static bool TryReadChunked(ReadOnlySpan<byte> data, out byte[] body, out int consumed)
    {
        using var decoded = new MemoryStream();
        body = [];
        consumed = 0;
        var position = 0;
        while (true)
        {
            var lineEnd = data[position..].IndexOf(Crlf);
            if (lineEnd < 0)
            {
                return false;
            }

            var line = Encoding.Latin1.GetString(data.Slice(position, lineEnd));
            var sizeText = line.Split(';')[0];
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new FormatException($"invalid chunk size line '{line}'");
            }

            position += lineEnd + 2;
            if (size == 0)
            {
                return TryReadTrailers(data, position, decoded, out body, out consumed);
            }

            if (data.Length - position < size + 2)
            {
                return false;
            }

            decoded.Write(data.Slice(position, (int)size));
            position += (int)size;
            if (!data.Slice(position, 2).SequenceEqual(Crlf))
            {
                throw new FormatException("chunk data is not followed by CRLF");
            }

            position += 2;
        }
    }

    private static bool TryReadTrailers(ReadOnlySpan<byte> data, int position, MemoryStream decoded, out byte[] body, out int consumed)
    {
        body = [];
        consumed = 0;
        while (true)
        {
            var lineEnd = data[position..].IndexOf(Crlf);
            if (lineEnd < 0)
            {
                return false;
            }

            position += lineEnd + 2;
            if (lineEnd == 0)
            {
                body = decoded.ToArray();
                consumed = position;
                return true;
            }
        }
    }

    private static bool TryTake(ReadOnlySpan<byte> data, long length, out byte[] body, out int consumed)
    {
        if (data.Length < length)
        {
            body = [];
            consumed = 0;
            return false;
        }

        body = data[..(int)length].ToArray();
        consumed = (int)length;
        return true;
    }
}

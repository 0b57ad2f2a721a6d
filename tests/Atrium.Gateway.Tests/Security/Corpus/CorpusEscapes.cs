using System.Globalization;
using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// The escapes of the corpus format (see <c>Corpus/README.md</c>): <c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\\</c>,
/// <c>\xHH</c> (one byte), <c>\{N}c</c> (the character c, N times) and, last on a line only, <c>\c</c>. Every other
/// character stands for its UTF-8 bytes. An unknown escape is an error, so that a typo cannot change a case silently.
/// </summary>
internal static class CorpusEscapes
{
    /// <summary>Decodes one line; <paramref name="end"/> says what the line's end means.</summary>
    public static byte[] Decode(string line, out LineEnd end)
    {
        var bytes = new List<byte>();
        end = LineEnd.Crlf;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(line[i].ToString()));
                end = LineEnd.Crlf;
                continue;
            }

            if (i + 1 >= line.Length)
            {
                throw new FormatException($"a lone backslash ends the line (write \\\\ for one): {line}");
            }

            var escape = line[++i];
            end = escape is 'n' or 'r' ? LineEnd.Explicit : LineEnd.Crlf;
            switch (escape)
            {
                case 'r': bytes.Add((byte)'\r'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x': bytes.Add(Hex(line, i + 1)); i += 2; break;
                case '{': i = Repeat(line, i + 1, bytes); break;
                case 'c' when i == line.Length - 1: end = LineEnd.EndOfRequest; break;
                case 'c': throw new FormatException($"\\c must end its line: {line}");
                default: throw new FormatException($"unknown escape \\{escape} in: {line}");
            }
        }

        return [.. bytes];
    }

    /// <summary>Decodes a value of a directive (no line end of its own).</summary>
    public static byte[] DecodeValue(string value)
    {
        var bytes = Decode(value, out var end);
        return end == LineEnd.EndOfRequest ? throw new FormatException($"\\c has no meaning in a value: {value}") : bytes;
    }

    /// <summary>Writes bytes back in the corpus notation (a line break after each <c>\n</c>), for failure messages.</summary>
    public static string Show(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n\n",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return text.ToString();
    }

    private static byte Hex(string line, int at) =>
        at + 2 <= line.Length && byte.TryParse(line.AsSpan(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"\\x needs two hex digits: {line}");

    /// <summary>Reads <c>N}c</c> from <paramref name="at"/>; returns the index of c.</summary>
    private static int Repeat(string line, int at, List<byte> bytes)
    {
        var close = line.IndexOf('}', at);
        if (close < 0 || close + 1 >= line.Length || !int.TryParse(line.AsSpan(at, close - at), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException($"\\{{N}}c needs a count and a character: {line}");
        }

        var unit = Encoding.UTF8.GetBytes(line[close + 1].ToString());
        for (var n = 0; n < count; n++)
        {
            bytes.AddRange(unit);
        }

        return close + 1;
    }
}

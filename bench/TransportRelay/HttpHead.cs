using System.Buffers;
using System.Buffers.Text;

namespace TransportRelay;

/// <summary>Finds the end of an HTTP/1.1 message head and its Content-Length.</summary>
internal static class HttpHead
{
    /// <summary>The head's length including the blank line, or -1 while it is incomplete.</summary>
    public static long Length(ReadOnlySequence<byte> buffer, out long contentLength)
    {
        contentLength = 0;
        var span = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
        var end = span.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return -1;
        }

        var head = span[..end];
        var name = "content-length:"u8;
        for (var i = 0; i + name.Length <= head.Length; i++)
        {
            var j = 0;
            while (j < name.Length && (head[i + j] | 0x20) == name[j])
            {
                j++;
            }

            if (j == name.Length)
            {
                _ = Utf8Parser.TryParse(head[(i + name.Length)..].TrimStart((byte)' '), out contentLength, out _);
                break;
            }
        }

        return end + 4;
    }
}

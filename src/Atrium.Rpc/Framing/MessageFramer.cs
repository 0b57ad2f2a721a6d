using System.Buffers;
using System.Buffers.Binary;
using Atrium.Chassis.Errors;
using Google.Protobuf;

namespace Atrium.Rpc.Framing;

/// <summary>
/// Writes length-prefixed messages: a compressed flag byte, a 4-byte big-endian length, then the (possibly gzip)
/// protobuf bytes.
/// </summary>
internal static class MessageFramer
{
    public const int HeaderSize = 5;

    /// <exception cref="RpcException">The message is larger than <paramref name="maxSize"/> (RESOURCE_EXHAUSTED).</exception>
    public static void Write(IBufferWriter<byte> writer, IMessage message, bool compress, int maxSize)
    {
        var size = message.CalculateSize();
        CheckSize(size, maxSize);
        if (compress)
        {
            var plain = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                message.WriteTo(plain.AsSpan(0, size));
                var compressed = GzipCodec.Compress(plain.AsSpan(0, size));
                var span = writer.GetSpan(HeaderSize + compressed.Length);
                WriteHeader(span, true, compressed.Length);
                compressed.CopyTo(span[HeaderSize..]);
                writer.Advance(HeaderSize + compressed.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plain);
            }

            return;
        }

        var target = writer.GetSpan(HeaderSize + size);
        WriteHeader(target, false, size);
        message.WriteTo(target.Slice(HeaderSize, size));
        writer.Advance(HeaderSize + size);
    }

    /// <summary>One framed message in a new array.</summary>
    public static byte[] ToArray(IMessage message, bool compress, int maxSize)
    {
        if (compress)
        {
            var writer = new ArrayBufferWriter<byte>();
            Write(writer, message, true, maxSize);
            return writer.WrittenSpan.ToArray();
        }

        var size = message.CalculateSize();
        CheckSize(size, maxSize);
        var frame = new byte[HeaderSize + size];
        WriteHeader(frame, false, size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    private static void WriteHeader(Span<byte> span, bool compressed, int length)
    {
        span[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
    }

    private static void CheckSize(int size, int maxSize)
    {
        if (size > maxSize)
        {
            throw new RpcException(GrpcStatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {maxSize} bytes).");
        }
    }
}

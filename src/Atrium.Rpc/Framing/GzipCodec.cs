using System.Buffers;
using System.IO.Compression;
using Atrium.Chassis.Errors;

namespace Atrium.Rpc.Framing;

/// <summary>gzip for compressed messages (the compressed flag set and <c>grpc-encoding: gzip</c>).</summary>
internal static class GzipCodec
{
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 32);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <exception cref="RpcException">The data is not gzip (INTERNAL) or inflates beyond <paramref name="maxSize"/> (RESOURCE_EXHAUSTED).</exception>
    public static byte[] Decompress(ReadOnlySequence<byte> data, int maxSize)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + read > maxSize)
                    {
                        throw new RpcException(GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({maxSize} bytes) after decompression.");
                    }

                    output.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new RpcStatus(GrpcStatusCode.Internal, "Could not decompress a gzip message."), null, ex);
        }
    }
}

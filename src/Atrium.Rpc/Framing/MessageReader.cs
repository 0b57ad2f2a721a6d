using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Atrium.Chassis.Errors;
using Google.Protobuf;

namespace Atrium.Rpc.Framing;

/// <summary>
/// Reads length-prefixed messages from a pipe: enforces the size limit before buffering a message and inflates
/// compressed ones. Returns <see langword="null"/> at a clean end of stream.
/// </summary>
internal sealed class MessageReader(PipeReader reader, int maxSize, string? encoding)
{
    private readonly bool _gzip = encoding == MessageEncodings.Gzip;

    /// <exception cref="RpcException">Oversized (RESOURCE_EXHAUSTED), truncated, undecodable or unexpectedly compressed (INTERNAL).</exception>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, parser, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover > 0)
                {
                    throw new RpcException(GrpcStatusCode.Internal, "Incomplete message: the stream ended inside a message.");
                }

                return null;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryParse<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, out T? message)
        where T : class, IMessage<T>
    {
        message = null;
        if (buffer.Length < MessageFramer.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MessageFramer.HeaderSize];
        buffer.Slice(0, MessageFramer.HeaderSize).CopyTo(header);
        var compressed = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (compressed > 1)
        {
            throw new RpcException(GrpcStatusCode.Internal, "Invalid compressed flag in a message header.");
        }

        if (length > (uint)maxSize)
        {
            throw new RpcException(GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxSize} bytes).");
        }

        if (buffer.Length < MessageFramer.HeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(MessageFramer.HeaderSize, length);
        try
        {
            if (compressed == 1)
            {
                if (!_gzip)
                {
                    throw new RpcException(GrpcStatusCode.Internal, "A compressed message arrived without a grpc-encoding.");
                }

                message = parser.ParseFrom(GzipCodec.Decompress(payload, maxSize));
            }
            else
            {
                message = parser.ParseFrom(payload);
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new RpcStatus(GrpcStatusCode.Internal, "Could not parse a message."), null, ex);
        }

        buffer = buffer.Slice(MessageFramer.HeaderSize + length);
        return true;
    }
}

using System.IO.Pipelines;
using System.Net;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// The client's request body as upstream content: copied from Kestrel's pipe to the upstream connection as it
/// arrives, never buffered whole, flushed after each read so that streaming (gRPC, uploads) keeps moving. Records a
/// failure on the client side so that the forwarder can tell it from an upstream failure.
/// </summary>
internal sealed class StreamingRequestContent(PipeReader source, long? length, CancellationToken clientAborted) : HttpContent
{
    /// <summary>The client-side failure, if reading the request body failed.</summary>
    public Exception? ClientError { get; private set; }

    /// <summary>Bytes sent upstream.</summary>
    public long BytesSent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientAborted);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await source.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ClientError = ex;
                throw;
            }

            var buffer = read.Buffer;
            try
            {
                foreach (var segment in buffer)
                {
                    await stream.WriteAsync(segment, linked.Token).ConfigureAwait(false);
                    BytesSent += segment.Length;
                }

                if (!buffer.IsEmpty)
                {
                    await stream.FlushAsync(linked.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                source.AdvanceTo(buffer.End);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
        }
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length ?? -1;
        return length is not null;
    }
}

using System.Net;

namespace Atrium.Rpc.Client;

/// <summary>
/// The request body of a client- or duplex-streaming call: hands the HTTP/2 request stream to the call's writer and
/// stays open until the writer completes it (half-close) or the call ends.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Stream> GetStreamAsync() => _stream.Task;

    public void Complete()
    {
        _done.TrySetResult();
        _stream.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HTTP/2 holds a request's HEADERS back to coalesce them with the first DATA frame; a streaming call may send
        // its first message much later (or never), and the server's handler should start at once, as with other
        // gRPC stacks, so the headers go out now.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        using var registration = cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), _done);
        await _done.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

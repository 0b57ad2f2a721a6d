using Google.Protobuf;

namespace Atrium.Rpc.Server;

/// <summary>The response stream of a server-streaming or duplex call; each write is flushed.</summary>
internal sealed class ServerStreamWriter<T>(ServerCall call, CancellationToken callToken) : IRpcStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, flush: true, cancellationToken.CanBeCanceled ? cancellationToken : callToken);
    }
}

using Google.Protobuf;

namespace Atrium.Rpc.Server;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ServerStreamReader<T>(ServerCall call, MessageParser<T> parser, CancellationToken callToken) : IRpcStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("No message has been read.");

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        T? message;
        if (cancellationToken.CanBeCanceled && callToken.CanBeCanceled)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken);
            message = await call.Reader.ReadAsync(parser, linked.Token).ConfigureAwait(false);
        }
        else
        {
            message = await call.Reader.ReadAsync(parser, cancellationToken.CanBeCanceled ? cancellationToken : callToken).ConfigureAwait(false);
        }

        _current = message;
        return message is not null;
    }
}

using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientStreamReader<TResponse>(ClientCall<TResponse> call) : IRpcStreamReader<TResponse>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No message has been read.");

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        _current = await call.ReadAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}

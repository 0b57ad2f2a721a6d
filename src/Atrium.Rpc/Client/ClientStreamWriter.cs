using Atrium.Chassis.Errors;
using Atrium.Rpc.Framing;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>Writes request messages of a streaming call to the HTTP/2 request body, one frame per message.</summary>
internal sealed class ClientStreamWriter<TRequest, TResponse>(ClientCall<TResponse> call) : IRpcClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private bool _completed;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream is already complete.");
        }

        var frame = MessageFramer.ToArray(message, call.CompressRequests, call.MaxSendMessageSize);
        try
        {
            var stream = await call.GetRequestStreamAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CallToken)
                : null;
            var token = linked?.Token ?? call.CallToken;
            await stream.WriteAsync(frame, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // The call ended (status, deadline, cancellation) while writing: report its status, not the I/O error.
            await call.ThrowIfEndedAsync().ConfigureAwait(false);
            throw new RpcException(new RpcStatus(GrpcStatusCode.Unavailable, $"Could not send a message: {ex.Message}"), null, ex);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        call.RequestStream!.Complete();
        return Task.CompletedTask;
    }
}

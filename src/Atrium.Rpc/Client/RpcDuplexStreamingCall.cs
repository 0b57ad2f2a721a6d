using Atrium.Rpc.Metadata;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>A bidirectional call in flight: write requests and read responses independently.</summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class RpcDuplexStreamingCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly ClientCall<TResponse> _call;

    internal RpcDuplexStreamingCall(ClientCall<TResponse> call, IRpcClientStreamWriter<TRequest> requestStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseStream = new ClientStreamReader<TResponse>(call);
    }

    /// <summary>The request stream.</summary>
    public IRpcClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The responses; reading past the last one fails with <see cref="RpcException"/> for any status but OK.</summary>
    public IRpcStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers (metadata), once they arrive.</summary>
    public Task<RpcMetadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>The final status; available once the call has ended.</summary>
    /// <exception cref="InvalidOperationException">The call has not ended.</exception>
    public RpcStatus GetStatus() => _call.GetStatus();

    /// <summary>The trailers; available once the call has ended.</summary>
    /// <exception cref="InvalidOperationException">The call has not ended.</exception>
    public RpcMetadata GetTrailers() => _call.GetTrailers();

    /// <summary>Cancels the call if it is still running.</summary>
    public void Dispose() => _call.Dispose();
}

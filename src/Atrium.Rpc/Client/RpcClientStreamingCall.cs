using System.Runtime.CompilerServices;
using Atrium.Rpc.Metadata;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>A client-streaming call in flight: write to <see cref="RequestStream"/>, complete it, await the response.</summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class RpcClientStreamingCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly ClientCall<TResponse> _call;

    internal RpcClientStreamingCall(ClientCall<TResponse> call, IRpcClientStreamWriter<TRequest> requestStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseAsync = RpcUnaryCall<TResponse>.ReadResponseAsync(call);
    }

    /// <summary>The request stream.</summary>
    public IRpcClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; fails with <see cref="RpcException"/> for any status but OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers (metadata), once they arrive.</summary>
    public Task<RpcMetadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>The final status; available once the call has ended.</summary>
    /// <exception cref="InvalidOperationException">The call has not ended.</exception>
    public RpcStatus GetStatus() => _call.GetStatus();

    /// <summary>The trailers; available once the call has ended.</summary>
    /// <exception cref="InvalidOperationException">The call has not ended.</exception>
    public RpcMetadata GetTrailers() => _call.GetTrailers();

    /// <summary>Allows <c>await call</c>.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>Cancels the call if it is still running.</summary>
    public void Dispose() => _call.Dispose();
}

using System.Runtime.CompilerServices;
using Atrium.Chassis.Errors;
using Atrium.Rpc.Metadata;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>A unary call in flight. Await it (or <see cref="ResponseAsync"/>) for the response.</summary>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class RpcUnaryCall<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly ClientCall<TResponse> _call;

    internal RpcUnaryCall(ClientCall<TResponse> call)
    {
        _call = call;
        ResponseAsync = ReadResponseAsync(call);
    }

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

    internal static async Task<TResponse> ReadResponseAsync(ClientCall<TResponse> call)
    {
        var response = await call.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        if (response is null)
        {
            throw new RpcException(GrpcStatusCode.Internal, "The server sent no response message.");
        }

        if (await call.ReadAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            call.Dispose();
            throw new RpcException(GrpcStatusCode.Internal, "The server sent more than one response message.");
        }

        return response;
    }
}

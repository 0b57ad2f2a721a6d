using Atrium.Rpc.Metadata;
using Microsoft.AspNetCore.Http;

namespace Atrium.Rpc.Server;

/// <summary>One call as a server handler and its interceptors see it.</summary>
public sealed class RpcServerContext
{
    private readonly ServerCall _call;
    private RpcMetadata? _requestHeaders;
    private RpcMetadata? _responseTrailers;

    internal RpcServerContext(ServerCall call, IRpcMethod method, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        _call = call;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The method called.</summary>
    public IRpcMethod Method { get; }

    /// <summary>The underlying HTTP/2 request and response; prefer the members of this context.</summary>
    public HttpContext HttpContext => _call.HttpContext;

    /// <summary>The caller's metadata (custom headers, <c>-bin</c> ones decoded); protocol headers are left out.</summary>
    public RpcMetadata RequestHeaders => _requestHeaders ??= MetadataCodec.FromHeaders(_call.HttpContext.Request.Headers);

    /// <summary>Metadata sent in the trailers with the status; add to it before the handler returns.</summary>
    public RpcMetadata ResponseTrailers => _responseTrailers ??= new RpcMetadata();

    /// <summary>When the caller stops waiting (its <c>grpc-timeout</c>), or <see langword="null"/> for none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the caller cancels (RST_STREAM), disconnects or its deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The caller's address, <c>ip:port</c>.</summary>
    public string Peer => $"{HttpContext.Connection.RemoteIpAddress}:{HttpContext.Connection.RemotePort}";

    /// <summary>A place for interceptors and handlers to share per-call values.</summary>
    public IDictionary<object, object?> Items => HttpContext.Items;

    internal ServerCall Call => _call;

    internal bool HasResponseTrailers => _responseTrailers is { Count: > 0 };

    /// <summary>Sends response headers now, with <paramref name="headers"/>; at most once, before the first message.</summary>
    /// <exception cref="InvalidOperationException">Headers were already sent.</exception>
    public Task WriteResponseHeadersAsync(RpcMetadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return _call.WriteResponseHeadersAsync(headers);
    }
}

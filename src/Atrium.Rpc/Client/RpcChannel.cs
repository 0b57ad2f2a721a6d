using System.Collections.Concurrent;
using Atrium.Rpc.Interceptors;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>
/// A connection pool to one gRPC server (HTTP/2 with prior knowledge for <c>http://</c>, ALPN for <c>https://</c>)
/// and the typed call helpers. Create one per server and share it: calls multiplex over its connections, and more
/// connections open when a connection's stream limit is reached.
/// </summary>
public sealed class RpcChannel : IDisposable
{
    internal const string UserAgent = "atrium-rpc/1.0";

    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private readonly string _base;
    private readonly bool _ownsHandler;

    /// <summary>Creates a channel to <paramref name="address"/> (scheme, host and port, e.g. <c>http://127.0.0.1:5000</c>).</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI.</exception>
    public RpcChannel(Uri address, RpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{address}' must be an absolute http:// or https:// address.", nameof(address));
        }

        Options = options ?? new RpcChannelOptions();
        if (Options.MaxReceiveMessageSize <= 0 || Options.MaxSendMessageSize <= 0)
        {
            throw new ArgumentException("Message size limits must be positive.", nameof(options));
        }

        Address = address;
        _base = address.GetLeftPart(UriPartial.Authority);
        _ownsHandler = Options.HttpHandler is null;
        var handler = Options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = Options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: _ownsHandler);
        Pipeline = InterceptorPipeline.Build(Options.Interceptors.ToArray(), static context => context.Call.SendAndWaitAsync());
    }

    /// <summary>The server address.</summary>
    public Uri Address { get; }

    internal RpcChannelOptions Options { get; }

    internal TimeProvider TimeProvider => Options.TimeProvider;

    internal HttpMessageInvoker Invoker { get; }

    internal RpcClientContinuation Pipeline { get; }

    /// <summary>Calls a unary method and returns its response.</summary>
    /// <exception cref="RpcException">The call ended with a status other than OK.</exception>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, TRequest request, RpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Unary(method, request, options).ResponseAsync;

    /// <summary>Starts a unary call, for access to its headers, status and trailers; await it for the response.</summary>
    public RpcUnaryCall<TResponse> Unary<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, TRequest request, RpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RpcUnaryCall<TResponse>(Start(method, RpcMethodType.Unary, request, options));
    }

    /// <summary>Starts a server-streaming call: one request, then read <see cref="RpcServerStreamingCall{TResponse}.ResponseStream"/>.</summary>
    public RpcServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, TRequest request, RpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RpcServerStreamingCall<TResponse>(Start(method, RpcMethodType.ServerStreaming, request, options));
    }

    /// <summary>Starts a client-streaming call: write requests, complete the stream, then await the response.</summary>
    public RpcClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, RpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Start(method, RpcMethodType.ClientStreaming, null, options);
        return new RpcClientStreamingCall<TRequest, TResponse>(call, new ClientStreamWriter<TRequest, TResponse>(call));
    }

    /// <summary>Starts a bidirectional call: write requests and read responses independently.</summary>
    public RpcDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, RpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Start(method, RpcMethodType.DuplexStreaming, null, options);
        return new RpcDuplexStreamingCall<TRequest, TResponse>(call, new ClientStreamWriter<TRequest, TResponse>(call));
    }

    /// <summary>Closes the channel's connections (if it owns its handler).</summary>
    public void Dispose() => Invoker.Dispose();

    internal Uri GetUri(IRpcMethod method) =>
        _uris.GetOrAdd(method.FullName, static (path, root) => new Uri(root + path), _base);

    private ClientCall<TResponse> Start<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, RpcMethodType expected, IMessage? request, RpcCallOptions? options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is a {method.Type} method, not {expected}.", nameof(method));
        }

        var call = new ClientCall<TResponse>(this, method, method.ResponseParser, request, options);
        call.Start();
        return call;
    }
}

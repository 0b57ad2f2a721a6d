using Atrium.Rpc.Interceptors;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Atrium.Rpc.Server;

/// <summary>
/// Declares a service's methods and interceptors for <see cref="RpcEndpointRouteBuilderExtensions.MapRpcService"/>:
/// each <c>Map*</c> call pairs a method descriptor with its handler.
/// </summary>
public sealed class RpcServiceBuilder
{
    private readonly List<Func<RpcServerRuntime, IReadOnlyList<IRpcServerInterceptor>, (string Path, string Service, RequestDelegate Handler)>> _methods = [];
    private readonly List<IRpcServerInterceptor> _interceptors = [];

    internal RpcServiceBuilder()
    {
    }

    /// <summary>Adds an interceptor for this service's methods, run after the server-wide ones, in the order added.</summary>
    public RpcServiceBuilder AddInterceptor(IRpcServerInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        _interceptors.Add(interceptor);
        return this;
    }

    /// <summary>Maps a unary method.</summary>
    public RpcServiceBuilder MapUnary<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, UnaryServerHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, RpcMethodType.Unary, handler);

    /// <summary>Maps a server-streaming method.</summary>
    public RpcServiceBuilder MapServerStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, ServerStreamingServerHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, RpcMethodType.ServerStreaming, handler);

    /// <summary>Maps a client-streaming method.</summary>
    public RpcServiceBuilder MapClientStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, ClientStreamingServerHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, RpcMethodType.ClientStreaming, handler);

    /// <summary>Maps a bidirectional-streaming method.</summary>
    public RpcServiceBuilder MapDuplexStreaming<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, DuplexStreamingServerHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method, RpcMethodType.DuplexStreaming, handler);

    internal IEnumerable<(string Path, string Service, RequestDelegate Handler)> Build(RpcServerRuntime runtime)
    {
        var interceptors = runtime.Options.Interceptors.Concat(_interceptors).ToArray();
        return _methods.Select(create => create(runtime, interceptors)).ToList();
    }

    private RpcServiceBuilder Add<TRequest, TResponse>(RpcMethod<TRequest, TResponse> method, RpcMethodType type, Delegate handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != type)
        {
            throw new ArgumentException($"{method.FullName} is a {method.Type} method; map it with Map{method.Type}.", nameof(method));
        }

        _methods.Add((runtime, interceptors) =>
        {
            var endpoint = new ServerMethodHandler<TRequest, TResponse>(method, handler, runtime, interceptors);
            return (method.FullName, method.ServiceName, endpoint.HandleAsync);
        });
        return this;
    }
}

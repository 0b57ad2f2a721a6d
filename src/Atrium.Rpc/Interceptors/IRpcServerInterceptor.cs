using Atrium.Rpc.Server;

namespace Atrium.Rpc.Interceptors;

/// <summary>
/// Runs around every call a server handles (authentication, logging, metrics, ...). Interceptors run in the order
/// they were added: the server-wide ones of <see cref="RpcServerOptions.Interceptors"/>, then the service's own.
/// </summary>
/// <remarks>
/// To refuse a call, throw an <see cref="RpcException"/> instead of calling <c>continuation</c>: the call ends with its
/// status and the handler never runs. Exceptions from <c>continuation</c> are the handler's failures; rethrow them (or
/// throw another <see cref="RpcException"/>) so that the caller sees a status.
/// </remarks>
public interface IRpcServerInterceptor
{
    /// <summary>Handles the call, normally by awaiting <paramref name="continuation"/>.</summary>
    ValueTask InterceptAsync(RpcServerContext context, RpcServerContinuation continuation);
}

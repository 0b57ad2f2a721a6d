using Atrium.Rpc.Client;

namespace Atrium.Rpc.Interceptors;

/// <summary>
/// Runs around every call a channel makes (credentials, logging, metrics, ...), in the order of
/// <see cref="RpcChannelOptions.Interceptors"/>. Change <see cref="RpcClientContext.RequestHeaders"/> before calling
/// <c>continuation</c>; code after <c>await continuation(context)</c> runs when the call has ended, streaming calls included.
/// </summary>
/// <remarks>To stop a call before it is sent, throw (normally an <see cref="RpcException"/>) instead of calling <c>continuation</c>.</remarks>
public interface IRpcClientInterceptor
{
    /// <summary>Handles the call, normally by awaiting <paramref name="continuation"/>.</summary>
    Task InterceptAsync(RpcClientContext context, RpcClientContinuation continuation);
}

using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Atrium.Rpc.Client;

/// <summary>
/// Drops the service token of a unary call that the callee answered UNAUTHENTICATED, so that the next call asks
/// identity for a new one instead of carrying the refused one until it expires. See <see cref="ServiceTokenSource.Intercept"/>.
/// </summary>
internal sealed class RefusedTokenInterceptor(ServiceTokenSource tokens, string audience) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // The token the call's credentials will add: the one at hand now, unless a renewal lands in between (then a
        // token older than the cached one was refused, and the cached one stays).
        var carried = tokens.Current(audience);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(ObserveAsync(call.ResponseAsync, carried), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response, string? carried)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            tokens.Forget(audience, carried);
            throw;
        }
    }
}

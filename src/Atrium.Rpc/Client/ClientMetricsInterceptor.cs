using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Atrium.Rpc.Client;

/// <summary>Records <c>rpc.client.call.duration</c> for every unary call, when something listens to it.</summary>
internal sealed class ClientMetricsInterceptor(TimeProvider time) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!RpcClientMetrics.Enabled)
        {
            return continuation(request, context);
        }

        var started = time.GetTimestamp();
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            ObserveAsync(call.ResponseAsync, context.Method, started),
            call.ResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response, IMethod method, long started)
    {
        try
        {
            var result = await response.ConfigureAwait(false);
            RpcClientMetrics.Record(method, StatusCode.OK, time.GetElapsedTime(started));
            return result;
        }
        catch (RpcException ex)
        {
            // grpc-dotnet ends every failed call, transport failures and cancellation included, with an RpcException.
            RpcClientMetrics.Record(method, ex.StatusCode, time.GetElapsedTime(started));
            throw;
        }
    }
}

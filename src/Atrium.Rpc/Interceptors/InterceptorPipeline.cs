namespace Atrium.Rpc.Interceptors;

/// <summary>Composes interceptors around a terminal step once, when a method is mapped or a channel is built.</summary>
internal static class InterceptorPipeline
{
    public static RpcServerContinuation Build(IReadOnlyList<IRpcServerInterceptor> interceptors, RpcServerContinuation terminal)
    {
        var next = terminal;
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = context => interceptor.InterceptAsync(context, inner);
        }

        return next;
    }

    public static RpcClientContinuation Build(IReadOnlyList<IRpcClientInterceptor> interceptors, RpcClientContinuation terminal)
    {
        var next = terminal;
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = context => interceptor.InterceptAsync(context, inner);
        }

        return next;
    }
}

using Atrium.Rpc.Server;

namespace Atrium.Rpc.Interceptors;

/// <summary>The rest of the server pipeline: the next interceptor, or the method's handler.</summary>
public delegate ValueTask RpcServerContinuation(RpcServerContext context);

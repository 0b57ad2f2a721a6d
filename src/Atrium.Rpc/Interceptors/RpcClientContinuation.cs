using Atrium.Rpc.Client;

namespace Atrium.Rpc.Interceptors;

/// <summary>
/// The rest of the client pipeline: the next interceptor, or the call itself. The task completes when the call has
/// ended (its status is known) and fails with an <see cref="RpcException"/> when the status is not OK.
/// </summary>
public delegate Task RpcClientContinuation(RpcClientContext context);

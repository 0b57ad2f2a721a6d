namespace Atrium.Rpc.Server;

/// <summary>Handles a unary call: one request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, RpcServerContext context);

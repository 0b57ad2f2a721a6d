namespace Atrium.Rpc.Server;

/// <summary>Handles a client-streaming call: reads the request stream, returns one response.</summary>
public delegate Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IRpcStreamReader<TRequest> requestStream, RpcServerContext context);

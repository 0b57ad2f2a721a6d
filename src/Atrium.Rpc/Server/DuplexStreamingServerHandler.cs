namespace Atrium.Rpc.Server;

/// <summary>Handles a bidirectional call: reads requests and writes responses independently.</summary>
public delegate Task DuplexStreamingServerHandler<TRequest, TResponse>(IRpcStreamReader<TRequest> requestStream, IRpcStreamWriter<TResponse> responseStream, RpcServerContext context);

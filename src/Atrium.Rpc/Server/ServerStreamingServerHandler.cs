namespace Atrium.Rpc.Server;

/// <summary>Handles a server-streaming call: one request in, any number of responses written to the stream.</summary>
public delegate Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IRpcStreamWriter<TResponse> responseStream, RpcServerContext context);

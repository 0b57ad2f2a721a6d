using Atrium.Rpc.Interceptors;

namespace Atrium.Rpc.Server;

/// <summary>Options of the gRPC server (<c>services.AddRpcServer(o => ...)</c>).</summary>
public sealed class RpcServerOptions
{
    /// <summary>The default of <see cref="MaxReceiveMessageSize"/>: 4 MiB.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The largest request message accepted, in bytes (after decompression); a larger one ends the call with
    /// RESOURCE_EXHAUSTED. Default 4 MiB (<see cref="DefaultMaxReceiveMessageSize"/>).
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>
    /// The largest response message sent, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED.
    /// Default <see cref="int.MaxValue"/> (no limit).
    /// </summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// Compress responses with gzip when the caller accepts it (<c>grpc-accept-encoding</c>). Default
    /// <see langword="false"/>: small messages on fast networks gain nothing from it.
    /// </summary>
    public bool CompressResponses { get; set; }

    /// <summary>Interceptors run around every call of every service, in order, before the services' own. Default none.</summary>
    public IList<IRpcServerInterceptor> Interceptors { get; } = [];
}

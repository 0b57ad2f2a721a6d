using System.ComponentModel.DataAnnotations;

namespace Atrium.Rpc;

/// <summary>The <c>grpc</c> key of a service module's section: how its internal gRPC API is served. Read at start.</summary>
public sealed class GrpcOptions
{
    /// <summary>The default of <see cref="MaxReceiveMessageSize"/> and <see cref="MaxSendMessageSize"/>: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Server reflection, so that grpcurl and Postman work without the <c>.proto</c> files. Default
    /// <see cref="GrpcReflectionMode.Auto"/>: on while every HTTP/2 listener of the module is on loopback.
    /// </summary>
    public GrpcReflectionMode Reflection { get; set; } = GrpcReflectionMode.Auto;

    /// <summary>
    /// The largest request message accepted, in bytes, after decompression; a larger one ends the call with
    /// RESOURCE_EXHAUSTED. Default 4 MiB (<see cref="DefaultMaxMessageSize"/>).
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// The largest response message sent, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED instead of being
    /// sent. Default 4 MiB (<see cref="DefaultMaxMessageSize"/>).
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// Compress responses with gzip when the caller accepts it (<c>grpc-accept-encoding</c>). Default
    /// <see langword="false"/>: the internal messages are small and the network is local. Compressed requests are
    /// always accepted.
    /// </summary>
    public bool CompressResponses { get; set; }
}

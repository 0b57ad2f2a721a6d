namespace Atrium.Rpc;

/// <summary>How many messages each side of a method sends.</summary>
public enum RpcMethodType
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>One request, a stream of responses.</summary>
    ServerStreaming,

    /// <summary>A stream of requests, one response.</summary>
    ClientStreaming,

    /// <summary>Streams both ways, independently.</summary>
    DuplexStreaming,
}

using Atrium.Rpc.Metadata;

namespace Atrium.Rpc.Client;

/// <summary>Per-call options: metadata, deadline and cancellation.</summary>
public sealed class RpcCallOptions
{
    /// <summary>Metadata to send with the request. Default none.</summary>
    public RpcMetadata? Headers { get; init; }

    /// <summary>
    /// When to give up: the remaining time is sent as <c>grpc-timeout</c> and the call fails with DEADLINE_EXCEEDED
    /// once it passes. Default <see langword="null"/> (no deadline).
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Cancels the call (RST_STREAM to the server; CANCELLED to the caller). Default none.</summary>
    public CancellationToken CancellationToken { get; init; }
}

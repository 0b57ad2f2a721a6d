namespace Atrium.Rpc;

/// <summary>Reads a stream of messages, one at a time, until the peer completes it.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IRpcStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNextAsync"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; <see langword="false"/> once the stream has ended.</summary>
    /// <exception cref="RpcException">The call failed (status, deadline, cancellation, oversized message).</exception>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default);
}

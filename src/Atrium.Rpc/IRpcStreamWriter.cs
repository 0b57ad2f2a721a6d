namespace Atrium.Rpc;

/// <summary>Writes a stream of messages. One write at a time: await each before the next.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IRpcStreamWriter<in T>
{
    /// <summary>Sends <paramref name="message"/> and waits until the transport takes it (flow control applies).</summary>
    /// <exception cref="RpcException">The call has ended (deadline, cancellation, peer reset).</exception>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

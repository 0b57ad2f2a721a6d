namespace Atrium.Rpc;

/// <summary>The request stream of a client- or duplex-streaming call: write messages, then complete it.</summary>
/// <typeparam name="T">The request message type.</typeparam>
public interface IRpcClientStreamWriter<in T> : IRpcStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close); the server then sees the end of its request stream.</summary>
    Task CompleteAsync();
}

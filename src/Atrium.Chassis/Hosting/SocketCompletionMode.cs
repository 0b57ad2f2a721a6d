namespace Atrium.Chassis.Hosting;

/// <summary>Where socket I/O completions run (<c>host.socketCompletions</c>).</summary>
public enum SocketCompletionMode
{
    /// <summary>
    /// <see cref="Inline"/> when the process runs only the gateway (fully asynchronous, where it roughly halves the
    /// CPU per request), <see cref="ThreadPool"/> otherwise.
    /// </summary>
    Auto,

    /// <summary>
    /// On the socket event thread, skipping a thread-pool hop per read and write. Only safe when no code blocks in
    /// a continuation, since a blocked continuation stalls every socket the thread serves.
    /// </summary>
    Inline,

    /// <summary>On the thread pool (the .NET default): tolerant of code that blocks.</summary>
    ThreadPool,
}

namespace Atrium.Chassis.Hosting;

/// <summary>Where socket I/O completions run (<c>host.socketCompletions</c>).</summary>
public enum SocketCompletionMode
{
    /// <summary>On the thread pool (the .NET default): tolerant of code that blocks, and the faster choice measured on
    /// a 2-core machine shared with the load generator (see <c>docs/benchmarks.md</c>).</summary>
    ThreadPool,

    /// <summary>
    /// On the socket event thread, skipping a thread-pool hop per read and write: less CPU per request, but fewer
    /// threads doing the work, and only safe when no code blocks in a continuation (a blocked continuation stalls
    /// every socket the thread serves).
    /// </summary>
    Inline,
}

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Lets a background refresh of what the dashboard asks upstreams start at most once per <paramref name="every"/> and
/// never twice at a time, so that the page's polls (and several open pages) cost upstreams one round.
/// </summary>
internal sealed class RefreshGate(TimeProvider time, TimeSpan every)
{
    private long _lastStart = long.MinValue;
    private int _running;

    /// <summary>Whether the caller should start a refresh now; if so it calls <see cref="Done"/> when it ends.</summary>
    public bool TryStart()
    {
        var last = Interlocked.Read(ref _lastStart);
        if ((last != long.MinValue && time.GetElapsedTime(last) < every) || Interlocked.Exchange(ref _running, 1) != 0)
        {
            return false;
        }

        Interlocked.Exchange(ref _lastStart, time.GetTimestamp());
        return true;
    }

    public void Done() => Volatile.Write(ref _running, 0);

    /// <summary>A client for the dashboard's calls to upstreams: no proxy, no redirects, a short timeout.</summary>
    public static HttpClient Client(TimeSpan timeout) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = timeout };
}

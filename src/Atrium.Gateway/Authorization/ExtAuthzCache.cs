using System.Collections.Concurrent;

namespace Atrium.Gateway.Authorization;

/// <summary>
/// The authorization service's decisions by key, each for a fixed time on the gateway's clock. Bounded: when full it
/// is emptied before the next decision goes in, which costs a round of calls and never memory.
/// </summary>
internal sealed class ExtAuthzCache(TimeSpan ttl, int maxEntries, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, ExtAuthzDecision Decision)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string key, out ExtAuthzDecision? decision)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > time.GetUtcNow())
            {
                decision = entry.Decision;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, (DateTimeOffset, ExtAuthzDecision)>(key, entry));
        }

        decision = null;
        return false;
    }

    public void Add(string key, ExtAuthzDecision decision)
    {
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (time.GetUtcNow() + ttl, decision);
    }
}

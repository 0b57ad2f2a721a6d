using System.Collections.Concurrent;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>
/// Answers remembered for a time to live, for the clients that spare placement a call per order. Bounded, not least
/// recently used: past <see cref="Capacity"/> entries the memory starts afresh, and a miss only means asking again.
/// </summary>
internal sealed class ExpiringMemory<TKey, TValue>(TimeProvider time)
    where TKey : notnull
{
    /// <summary>Entries remembered at most. 100,000.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, long Until)> _entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && time.GetTimestamp() < entry.Until)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Remembers <paramref name="value"/> for <paramref name="ttl"/>; a TTL of zero remembers nothing.</summary>
    public void Remember(TKey key, TValue value, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
    }
}

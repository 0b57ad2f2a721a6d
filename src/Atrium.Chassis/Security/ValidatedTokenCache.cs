using System.Collections.Concurrent;

namespace Atrium.Chassis.Security;

/// <summary>
/// Tokens that validated, remembered until they expire, so a client reusing its token costs a lookup instead of a
/// signature check; bounded: a full cache starts over, and a capacity of 0 remembers nothing.
/// </summary>
internal sealed class ValidatedTokenCache<T>(TimeProvider time, int capacity)
    where T : class
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public T? Get(string token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() < entry.Until)
        {
            return entry.Value;
        }

        _entries.TryRemove(token, out _);
        return null;
    }

    public void Add(string token, T value, DateTimeOffset until)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[token] = (value, until);
    }
}

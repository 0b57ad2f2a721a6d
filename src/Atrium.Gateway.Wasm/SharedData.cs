namespace Atrium.Gateway.Wasm;

/// <summary>
/// The key-value store a plugin shares across its instances and requests (<c>proxy_get_shared_data</c>,
/// <c>proxy_set_shared_data</c>): each value carries a version (CAS) that a writer may require to be current.
/// </summary>
internal sealed class SharedData
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (byte[] Value, uint Cas)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out byte[] value, out uint cas)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                (value, cas) = entry;
                return true;
            }
        }

        value = [];
        cas = 0;
        return false;
    }

    /// <summary>Stores the value unless <paramref name="cas"/> is non-zero and not the entry's version.</summary>
    public bool TrySet(string key, byte[] value, uint cas)
    {
        lock (_lock)
        {
            var current = _entries.TryGetValue(key, out var entry) ? entry.Cas : 0;
            if (cas != 0 && cas != current)
            {
                return false;
            }

            // Versions start at 1 so that 0 always means "any version".
            _entries[key] = (value, current == uint.MaxValue ? 1 : current + 1);
            return true;
        }
    }
}

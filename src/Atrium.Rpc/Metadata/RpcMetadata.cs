using System.Collections;

namespace Atrium.Rpc.Metadata;

/// <summary>
/// gRPC metadata (custom request headers, response headers or trailers): an ordered list of entries whose keys may
/// repeat. Keys are ASCII, case-insensitive and stored lower-case; keys ending in <c>-bin</c> carry bytes.
/// </summary>
public sealed class RpcMetadata : IReadOnlyList<RpcMetadataEntry>
{
    /// <summary>The suffix that marks a binary key.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<RpcMetadataEntry> _entries = [];

    /// <summary>An empty, shared instance; do not add to it.</summary>
    internal static RpcMetadata Empty { get; } = new();

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public RpcMetadataEntry this[int index] => _entries[index];

    /// <summary>Adds a text entry.</summary>
    /// <exception cref="ArgumentException">The key is invalid, ends in <c>-bin</c>, or the value is not printable ASCII.</exception>
    public RpcMetadata Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        key = ValidateKey(key);
        if (key.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in '-bin'; add a byte value.", nameof(key));
        }

        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ArgumentException($"Metadata '{key}' must be printable ASCII.", nameof(value));
            }
        }

        _entries.Add(new RpcMetadataEntry(key, value, null));
        return this;
    }

    /// <summary>Adds a binary entry; the key must end in <c>-bin</c>.</summary>
    /// <exception cref="ArgumentException">The key is invalid or does not end in <c>-bin</c>.</exception>
    public RpcMetadata Add(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        key = ValidateKey(key);
        if (!key.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Binary metadata key '{key}' must end in '-bin'.", nameof(key));
        }

        _entries.Add(new RpcMetadataEntry(key, null, value));
        return this;
    }

    /// <summary>The last text value of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public string? GetValue(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (!entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The last binary value of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public byte[]? GetBytes(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.ValueBytes.ToArray();
            }
        }

        return null;
    }

    /// <inheritdoc />
    public IEnumerator<RpcMetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddTrusted(RpcMetadataEntry entry) => _entries.Add(entry);

    private static string ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var c in key)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';
            if (!ok)
            {
                throw new ArgumentException($"Metadata key '{key}' may contain only letters, digits, '-', '_' and '.'.", nameof(key));
            }
        }

        var lower = key.ToLowerInvariant();
        if (lower.StartsWith("grpc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved for the gRPC protocol.", nameof(key));
        }

        return lower;
    }
}

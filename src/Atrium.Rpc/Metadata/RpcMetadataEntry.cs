namespace Atrium.Rpc.Metadata;

/// <summary>
/// One metadata entry: a lower-case key with a text value, or, for keys ending in <c>-bin</c>, a binary value
/// (base64 on the wire).
/// </summary>
public sealed class RpcMetadataEntry
{
    private readonly string? _value;
    private readonly byte[]? _bytes;

    internal RpcMetadataEntry(string key, string? value, byte[]? bytes)
    {
        Key = key;
        _value = value;
        _bytes = bytes;
    }

    /// <summary>The key, lower-case.</summary>
    public string Key { get; }

    /// <summary>Whether the key ends in <c>-bin</c> and the value is binary.</summary>
    public bool IsBinary => _bytes is not null;

    /// <summary>The text value.</summary>
    /// <exception cref="InvalidOperationException">The entry is binary.</exception>
    public string Value => _value ?? throw new InvalidOperationException($"Metadata '{Key}' is binary; read {nameof(ValueBytes)}.");

    /// <summary>The binary value.</summary>
    /// <exception cref="InvalidOperationException">The entry is text.</exception>
    public ReadOnlyMemory<byte> ValueBytes => _bytes ?? throw new InvalidOperationException($"Metadata '{Key}' is text; read {nameof(Value)}.");

    /// <inheritdoc />
    public override string ToString() => IsBinary ? $"{Key}: <{_bytes!.Length} bytes>" : $"{Key}: {_value}";
}

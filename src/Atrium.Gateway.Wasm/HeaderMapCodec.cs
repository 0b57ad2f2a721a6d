using System.Buffers.Binary;
using System.Text;

namespace Atrium.Gateway.Wasm;

/// <summary>
/// proxy-wasm's header map encoding: a little-endian u32 count, then each pair's key and value lengths (u32 each),
/// then each key and value followed by a NUL byte.
/// </summary>
internal static class HeaderMapCodec
{
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var size = 4 + (pairs.Count * 8);
        foreach (var (key, value) in pairs)
        {
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 2;
        }

        var bytes = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)pairs.Count);
        var data = 4 + (pairs.Count * 8);
        for (var i = 0; i < pairs.Count; i++)
        {
            var key = Encoding.UTF8.GetBytes(pairs[i].Key, bytes.AsSpan(data));
            data += key + 1;
            var value = Encoding.UTF8.GetBytes(pairs[i].Value, bytes.AsSpan(data));
            data += value + 1;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 + (i * 8)), (uint)key);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + (i * 8)), (uint)value);
        }

        return bytes;
    }

    /// <summary>Decodes a map; null when the bytes do not hold one.</summary>
    public static List<KeyValuePair<string, string>>? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            return bytes.Length == 0 ? [] : null;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (count > (bytes.Length - 4) / 8)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>((int)count);
        var data = 4 + ((int)count * 8);
        for (var i = 0; i < count; i++)
        {
            var keyLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 + (i * 8))..]);
            var valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(8 + (i * 8))..]);
            if (keyLength < 0 || valueLength < 0 || data + keyLength + valueLength + 2 > bytes.Length)
            {
                return null;
            }

            var key = Encoding.UTF8.GetString(bytes.Slice(data, keyLength));
            data += keyLength + 1;
            var value = Encoding.UTF8.GetString(bytes.Slice(data, valueLength));
            data += valueLength + 1;
            pairs.Add(new(key, value));
        }

        return pairs;
    }
}

namespace Atrium.Gateway.Traffic;

/// <summary>
/// A hash that is the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>), so a sticky
/// caller lands on the same side on every gateway replica: FNV-1a over the UTF-16 code units, then a 64-bit mix.
/// </summary>
internal static class StableHash
{
    /// <summary>The key mapped to [0, 1).</summary>
    public static double Unit(ReadOnlySpan<char> key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // fmix64 from MurmurHash3: spreads FNV's weak high bits.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}

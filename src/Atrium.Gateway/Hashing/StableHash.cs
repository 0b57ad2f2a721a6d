namespace Atrium.Gateway.Hashing;

/// <summary>
/// Hashes that are the same in every process and run (unlike <see cref="string.GetHashCode()"/>), all FNV-1a: the
/// hash ring's positions (<see cref="Of(ReadOnlySpan{char})"/>) and the sticky split's draw (<see cref="Unit"/>).
/// </summary>
/// <remarks>
/// The two keep the input steps and finishers they were written with: replicas of two builds serve side by side
/// during a rolling upgrade, and one algorithm for both would move every key's ring endpoint or split backend between
/// them. Tests pin their values.
/// </remarks>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>A ring position: FNV-1a over each UTF-16 code unit's two bytes, then the splitmix64 finalizer.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Offset;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return SplitMix(hash);
    }

    /// <summary>A ring position: FNV-1a over the bytes, then the splitmix64 finalizer.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = Offset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return SplitMix(hash);
    }

    /// <summary>A split draw in [0, 1): FNV-1a over whole UTF-16 code units, then MurmurHash3's fmix64.</summary>
    public static double Unit(ReadOnlySpan<char> key)
    {
        var hash = Offset;
        foreach (var c in key)
        {
            hash = (hash ^ c) * Prime;
        }

        return (FMix(hash) >> 11) * (1.0 / (1UL << 53));
    }

    // Both finishers spread FNV's weak high bits, so that nearby keys land far apart.
    private static ulong SplitMix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong FMix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }
}

namespace Atrium.Gateway.LoadBalancing;

/// <summary>
/// A 64-bit hash that is the same in every process and run (unlike <see cref="string.GetHashCode()"/>): FNV-1a with
/// a final avalanche mix, so that nearby keys land far apart on the ring.
/// </summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Offset;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return Mix(hash);
    }

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = Offset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return Mix(hash);
    }

    // The splitmix64 finalizer.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

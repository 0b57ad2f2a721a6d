using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// Writes and checks large bodies a chunk at a time (never the whole body in memory): chunk <c>i</c> is a fixed
/// pseudo-random block stamped with <c>i</c>, and both ends hash what they saw.
/// </summary>
internal static class PatternStream
{
    public const int ChunkSize = 64 * 1024;

    private static readonly byte[] Block = CreateBlock();

    /// <summary>Writes <paramref name="length"/> bytes; returns the SHA-256 of what was written.</summary>
    public static async Task<string> WriteAsync(Stream destination, long length, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[ChunkSize];
        Block.CopyTo(chunk, 0);
        for (long offset = 0, index = 0; offset < length; offset += ChunkSize, index++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(chunk, index);
            var count = (int)Math.Min(ChunkSize, length - offset);
            hash.AppendData(chunk, 0, count);
            await destination.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Reads <paramref name="source"/> to the end; returns the byte count and SHA-256.</summary>
    public static async Task<(long Count, string Sha256)> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkSize];
        long count = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            count += read;
        }

        return (count, Convert.ToHexString(hash.GetHashAndReset()));
    }

    private static byte[] CreateBlock()
    {
        var block = new byte[ChunkSize];
        new Random(20240601).NextBytes(block);
        return block;
    }
}

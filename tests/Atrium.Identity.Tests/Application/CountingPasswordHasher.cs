using System.Buffers.Binary;
using System.Collections.Concurrent;
using Atrium.Identity.Domain;
using Microsoft.AspNetCore.Identity;

namespace Atrium.Identity.Tests.Application;

/// <summary>The real hasher, keeping the PBKDF2 iteration count of every hash it verifies.</summary>
internal sealed class CountingPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new();

    public ConcurrentQueue<int> Verified { get; } = new();

    public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Verified.Enqueue(Iterations(hashedPassword));
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    /// <summary>The iteration count of an ASP.NET Core Identity V3 hash (format byte, PRF, then the count, big-endian).</summary>
    public static int Iterations(string hashedPassword)
    {
        var bytes = Convert.FromBase64String(hashedPassword);
        bytes[0].ShouldBe((byte)0x01);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }
}

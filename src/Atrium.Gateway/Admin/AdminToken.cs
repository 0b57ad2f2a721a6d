using System.Security.Cryptography;
using System.Text;

namespace Atrium.Gateway.Admin;

/// <summary>
/// The admin API's bearer token. Only its SHA-256 is kept; a presented token is hashed and compared in constant time,
/// so neither the comparison nor the lengths tell a caller how close a guess was.
/// </summary>
internal sealed class AdminToken
{
    private readonly byte[] _hash;

    public AdminToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Whether <paramref name="authorization"/> is <c>Bearer TOKEN</c> with this token.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(Scheme.Length).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _hash);
    }
}

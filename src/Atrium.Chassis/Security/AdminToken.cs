using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Security;

/// <summary>
/// The admin bearer token (<c>gateway.admin.token</c>): the gateway's admin listener and the diagnostics every module
/// listener serves (<see cref="AdminTokenGuard"/>) check it. Only its SHA-256 is kept, from the first check on; a
/// presented token is hashed and compared in constant time, so neither the comparison nor the lengths tell a caller how
/// close a guess was. A process shares one through its <see cref="Modularity.ModuleContext"/>.
/// </summary>
public sealed class AdminToken
{
    // Hashed at the first check rather than at start: SHA-256 loads OpenSSL, about 4 MB of atrium-gateway's idle
    // RSS, which a process serving neither TLS nor an admin request would otherwise carry from its start
    // (docs/benchmarks.md). The config holds an inline token all along in any case.
    private readonly Lazy<byte[]> _hash;

    /// <summary>Keeps <paramref name="token"/> until the first check, its hash from then on.</summary>
    /// <param name="token">The token, not empty.</param>
    public AdminToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _hash = new Lazy<byte[]>(() => SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether <paramref name="authorization"/> is <c>Bearer TOKEN</c> with this token.</summary>
    /// <param name="authorization">The value of an <c>Authorization</c> header.</param>
    /// <returns>True for this token.</returns>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(Scheme.Length).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _hash.Value);
    }

    /// <summary>Sets the <c>WWW-Authenticate</c> challenge of a refusal: <c>invalid_token</c> when one was presented.</summary>
    internal static void Challenge(HttpContext context) =>
        context.Response.Headers.WWWAuthenticate = context.Request.Headers.Authorization.Count == 0
            ? "Bearer realm=\"atrium-admin\""
            : "Bearer realm=\"atrium-admin\", error=\"invalid_token\"";
}

using System.Security.Cryptography;
using System.Text;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Security;

/// <summary>
/// Checks API keys against the configured SHA-256 hashes: the presented key is hashed and compared with every entry
/// in constant time (no early exit), so timing reveals neither which key nor how much of it matched.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private readonly (byte[] Hash, GatewayIdentity Identity)[] _keys;

    public ApiKeyAuthenticator(AuthOptions options)
    {
        Header = options.ApiKeyHeader;
        _keys = options.ApiKeys
            .Select(k => (Convert.FromHexString(k.Sha256), GatewayIdentity.TryCreate(k.Subject.Length > 0 ? k.Subject : k.Id, [.. k.Roles], [], AuthScheme.ApiKey, k.Id)))
            .Where(k => k.Item2 is not null)
            .Select(k => (k.Item1, k.Item2!))
            .ToArray();
    }

    public string Header { get; }

    public AuthResult Authenticate(string key)
    {
        if (key.Length == 0 || key.Length > 1024)
        {
            return AuthResult.Fail("invalid API key");
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(key);
        SHA256.HashData(bytes, hash);
        GatewayIdentity? found = null;
        foreach (var (expected, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found = identity;
            }
        }

        return found is null ? AuthResult.Fail("invalid API key") : new AuthResult(found, null);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Atrium.Identity.Application;

/// <summary>
/// The registered service clients, and the check of a client's secret: the SHA-256 of what was presented against the
/// stored one in constant time, and for an unknown id against a random one, so that neither the time taken nor the
/// answer tells an unknown client from a wrong secret.
/// </summary>
internal sealed class ServiceClients(IReadOnlyList<ServiceClient> clients)
{
    private static readonly byte[] NoSecret = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    private readonly Dictionary<string, ServiceClient> _byId = clients.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The client with id <paramref name="id"/> whose secret is <paramref name="secret"/>, or <see langword="null"/>.</summary>
    public ServiceClient? Authenticate(string id, string secret)
    {
        var client = _byId.GetValueOrDefault(id);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), client?.SecretHash ?? NoSecret);
        return matches ? client : null;
    }
}

using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>The signing keys a token may be verified with, by <c>kid</c>; immutable, swapped whole on a refresh.</summary>
internal sealed class SigningKeySet
{
    /// <summary>No keys yet: a JWKS that has not been fetched.</summary>
    public static readonly SigningKeySet Empty = new([], loaded: false);

    private readonly Dictionary<string, SecurityKey[]> _byKid;
    private readonly SecurityKey[] _all;

    public SigningKeySet(IReadOnlyList<SecurityKey> keys, bool loaded = true)
    {
        Loaded = loaded;
        _all = [.. keys];
        _byKid = keys.Where(k => k.KeyId is not null)
            .GroupBy(k => k.KeyId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Whether these keys came from a source (static keys, or a JWKS fetched at least once).</summary>
    public bool Loaded { get; }

    public IReadOnlyCollection<string> Ids => _byKid.Keys;

    public bool Contains(string kid) => _byKid.ContainsKey(kid);

    /// <summary>The keys of a <c>kid</c>, or every key for a token without one.</summary>
    public SecurityKey[] Find(string? kid) =>
        kid is null ? _all : _byKid.TryGetValue(kid, out var keys) ? keys : [];
}

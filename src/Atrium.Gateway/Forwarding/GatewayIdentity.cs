using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Forwarding;

/// <summary>A caller the gateway verified: who, with which roles and scopes, by which scheme.</summary>
internal sealed class GatewayIdentity
{
    private static readonly Dictionary<string, string[]> NoClaims = new(StringComparer.Ordinal);

    private GatewayIdentity(string subject, string[] roles, string[] scopes, AuthScheme scheme, string? apiKeyId, IReadOnlyDictionary<string, string[]>? claims)
    {
        Claims = claims ?? NoClaims;
        Subject = subject;
        Roles = roles;
        Scopes = scopes;
        Scheme = scheme;
        ApiKeyId = apiKeyId;
        SchemeName = scheme == AuthScheme.Jwt ? "jwt" : "apiKey";
        RolesHeader = string.Join(',', roles);
    }

    public string Subject { get; }

    public IReadOnlyList<string> Roles { get; }

    public IReadOnlyList<string> Scopes { get; }

    public AuthScheme Scheme { get; }

    /// <summary>The API key's id, with <see cref="AuthScheme.ApiKey"/>.</summary>
    public string? ApiKeyId { get; }

    public string SchemeName { get; }

    public string RolesHeader { get; }

    /// <summary>The token's claims by type, each with its values (an array claim has several); none for an API key.</summary>
    public IReadOnlyDictionary<string, string[]> Claims { get; }

    /// <summary>Whether the caller has claim <paramref name="type"/> with <paramref name="value"/>; <c>sub</c> is the subject.</summary>
    public bool HasClaim(string type, string value)
    {
        if (type == "sub")
        {
            return string.Equals(Subject, value, StringComparison.Ordinal);
        }

        return Claims.TryGetValue(type, out var values) && Array.IndexOf(values, value) >= 0;
    }

    /// <summary>
    /// Creates an identity whose values can travel in headers: printable ASCII only, and no comma in a role (roles
    /// are comma-separated upstream). Anything else is refused rather than mangled.
    /// </summary>
    public static GatewayIdentity? TryCreate(
        string subject, string[] roles, string[] scopes, AuthScheme scheme, string? apiKeyId = null, IReadOnlyDictionary<string, string[]>? claims = null)
    {
        if (subject.Length == 0 || !IsHeaderSafe(subject))
        {
            return null;
        }

        foreach (var role in roles)
        {
            if (role.Length == 0 || !IsHeaderSafe(role) || role.Contains(',', StringComparison.Ordinal))
            {
                return null;
            }
        }

        return new GatewayIdentity(subject, roles, scopes, scheme, apiKeyId, claims);
    }

    private static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}

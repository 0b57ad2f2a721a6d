using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Security;

/// <summary>A caller the gateway verified: who, with which roles and scopes, by which scheme.</summary>
internal sealed class GatewayIdentity
{
    private GatewayIdentity(string subject, string[] roles, string[] scopes, AuthScheme scheme, string? apiKeyId)
    {
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

    /// <summary>
    /// Creates an identity whose values can travel in headers: printable ASCII only, and no comma in a role (roles
    /// are comma-separated upstream). Anything else is refused rather than mangled.
    /// </summary>
    public static GatewayIdentity? TryCreate(string subject, string[] roles, string[] scopes, AuthScheme scheme, string? apiKeyId = null)
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

        return new GatewayIdentity(subject, roles, scopes, scheme, apiKeyId);
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

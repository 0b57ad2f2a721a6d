using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Security;

/// <summary>A route's compiled <c>auth</c>: which authenticators it accepts and what the caller must hold.</summary>
internal sealed class RouteAuthPolicy : IRoutePolicy
{
    private readonly string[] _roles;
    private readonly string[] _scopes;

    public RouteAuthPolicy(RouteAuthConfig config, JwtAuthenticator? jwt, ApiKeyAuthenticator? apiKeys)
    {
        Config = config;
        Jwt = config.Schemes.Contains(AuthScheme.Jwt) ? jwt : null;
        ApiKeys = config.Schemes.Contains(AuthScheme.ApiKey) ? apiKeys : null;
        _roles = [.. config.Roles];
        _scopes = [.. config.Scopes];
        Challenge = Jwt is not null ? "Bearer realm=\"atrium\"" : $"ApiKey header=\"{apiKeys?.Header}\"";
    }

    public RouteAuthConfig Config { get; }

    public JwtAuthenticator? Jwt { get; }

    public ApiKeyAuthenticator? ApiKeys { get; }

    /// <summary>The <c>WWW-Authenticate</c> value for a request without credentials.</summary>
    public string Challenge { get; }

    /// <summary>Why the caller may not proceed, or null: roles are any-of, scopes all-of.</summary>
    public string? Authorize(GatewayIdentity identity)
    {
        if (_roles.Length > 0)
        {
            var any = false;
            foreach (var role in _roles)
            {
                any |= Contains(identity.Roles, role);
            }

            if (!any)
            {
                return "missing role";
            }
        }

        foreach (var scope in _scopes)
        {
            if (!Contains(identity.Scopes, scope))
            {
                return "missing scope";
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public string Name => "auth";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["require"] = JsonNodes.Camel(Config.Require.ToString()),
        ["roles"] = JsonNodes.Strings(Config.Roles),
        ["scopes"] = JsonNodes.Strings(Config.Scopes),
        ["schemes"] = JsonNodes.Strings(Config.Schemes.Select(s => JsonNodes.Camel(s.ToString()))),
    };
}

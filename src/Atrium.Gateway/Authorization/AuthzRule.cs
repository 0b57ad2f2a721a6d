using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Authorization;

/// <summary>One compiled attribute rule: its conditions on the caller's roles and claims, the method and the path.</summary>
internal sealed class AuthzRule
{
    private readonly string[] _roles;
    private readonly string[] _methods;
    private readonly PathPattern? _path;
    private readonly ClaimCondition[] _claims;

    private AuthzRule(AuthzRuleConfig config, PathPattern? path, ClaimCondition[] claims)
    {
        Effect = config.Effect;
        _roles = [.. config.Roles];
        _methods = [.. config.Methods];
        _path = path;
        _claims = claims;
    }

    public AuthzEffect Effect { get; }

    /// <summary>Compiles <paramref name="config"/>; the error names what is wrong (for validation).</summary>
    public static bool TryCreate(AuthzRuleConfig config, out AuthzRule? rule, out string? error)
    {
        rule = null;
        PathPattern? path = null;
        if (config.Path.Length > 0 && !PathPattern.TryCreate(new RouteMatchConfig { Path = config.Path }, out path, out error))
        {
            error = $"path: {error}";
            return false;
        }

        var parameters = path?.ParameterNames ?? [];
        var claims = new List<ClaimCondition>(config.Claims.Count);
        foreach (var (type, value) in config.Claims)
        {
            if (!ClaimCondition.TryCreate(type, value, parameters, out var condition, out error))
            {
                error = $"claims.{type}: {error}";
                return false;
            }

            claims.Add(condition!);
        }

        rule = new AuthzRule(config, path, [.. claims]);
        error = null;
        return true;
    }

    public bool Matches(HttpRequest request, GatewayIdentity? identity)
    {
        if (_methods.Length > 0 && Array.FindIndex(_methods, m => string.Equals(m, request.Method, StringComparison.OrdinalIgnoreCase)) < 0)
        {
            return false;
        }

        if (_roles.Length > 0 && (identity is null || !HasAnyRole(identity)))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        Span<Range> captures = stackalloc Range[PathPattern.MaxParameters];
        if (_path is not null && !_path.IsMatch(path, captures))
        {
            return false;
        }

        foreach (var claim in _claims)
        {
            if (identity is null || !claim.Holds(identity, path, captures))
            {
                return false;
            }
        }

        return true;
    }

    private bool HasAnyRole(GatewayIdentity identity)
    {
        foreach (var role in _roles)
        {
            for (var i = 0; i < identity.Roles.Count; i++)
            {
                if (string.Equals(identity.Roles[i], role, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

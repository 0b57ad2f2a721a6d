using Atrium.Chassis.Configuration;
using Atrium.Gateway.Authorization;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Rules of <c>routes[i].extAuthz</c> that need the rest of the section or the runtime: the cluster exists, rules
/// compile, conditions on the caller have a route <c>auth</c> to supply one, and no header list lets the service set
/// a header the gateway owns.
/// </summary>
internal static class ExtAuthzValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (route.ExtAuthz is not { } authz)
            {
                continue;
            }

            var scope = new ConfigScope(context, $"routes[{i}].extAuthz");
            var authenticated = route.Auth is { Require: AuthRequirement.Authenticated };
            if (authz.Cluster.Length > 0 && !options.Clusters.ContainsKey(authz.Cluster))
            {
                scope.AddError("cluster", $"unknown cluster '{authz.Cluster}'");
            }

            ValidateRules(authz, authenticated, scope);
            ValidateCache(authz, authenticated, scope.Child("cache"));
            ValidateHeaders(authz.AllowedRequestHeaders, scope.Child("allowedRequestHeaders"), upstream: false);
            ValidateHeaders(authz.AllowedUpstreamHeaders, scope.Child("allowedUpstreamHeaders"), upstream: true);
            ValidateHeaders(authz.AllowedClientHeaders, scope.Child("allowedClientHeaders"), upstream: false);
        }
    }

    private static void ValidateRules(ExtAuthzConfig authz, bool authenticated, ConfigScope scope)
    {
        for (var j = 0; j < authz.Rules.Count; j++)
        {
            var rule = authz.Rules[j];
            var ruleScope = scope.Child("rules").Index(j);
            if (!AuthzRule.TryCreate(rule, out _, out var error))
            {
                ruleScope.AddError("", error!);
            }

            if (!authenticated && (rule.Roles.Count > 0 || rule.Claims.Count > 0))
            {
                ruleScope.AddError(rule.Roles.Count > 0 ? "roles" : "claims", "conditions on the caller need the route's auth (require: authenticated)");
            }
        }
    }

    private static void ValidateCache(ExtAuthzConfig authz, bool authenticated, ConfigScope scope)
    {
        if (authz.Cache.Ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (authz.Cluster.Length == 0)
        {
            scope.AddError("ttl", "the cache keeps the service's decisions: it needs extAuthz.cluster");
        }

        for (var k = 0; k < authz.Cache.Key.Count; k++)
        {
            var part = authz.Cache.Key[k];
            if (!ExtAuthzCacheKey.IsValidPart(part))
            {
                scope.Child("key").Index(k).AddError("", $"'{part}' is not subject, method, path, query or header:NAME");
            }
            else if (part == "subject" && !authenticated)
            {
                scope.Child("key").Index(k).AddError("", "subject needs the route's auth (require: authenticated), or every caller shares one decision");
            }
        }
    }

    private static void ValidateHeaders(List<string> names, ConfigScope scope, bool upstream)
    {
        for (var k = 0; k < names.Count; k++)
        {
            var name = names[k];
            if (name.Length == 0 || name.Any(c => c is <= ' ' or > '~' or ':'))
            {
                scope.Index(k).AddError("", $"'{name}' is not a header name");
            }
            else if (HopByHopHeaders.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                     || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                scope.Index(k).AddError("", $"'{name}' describes the connection or the message and cannot be passed on");
            }
            else if (upstream && IdentityHeaders.IsIdentityHeader(name))
            {
                scope.Index(k).AddError("", $"'{name}' carries the verified caller: only the gateway sets it");
            }
        }
    }
}

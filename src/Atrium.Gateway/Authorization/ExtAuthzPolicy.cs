using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Authorization;

/// <summary>A route's compiled <c>extAuthz</c>: its rules, the authorization service's cluster, the header lists and the cache.</summary>
internal sealed class ExtAuthzPolicy : IRoutePolicy
{
    public ExtAuthzPolicy(ExtAuthzConfig config, ClusterState? cluster, TimeProvider time)
    {
        Config = config;
        Cluster = cluster;
        Rules = [.. config.Rules.Select(r => AuthzRule.TryCreate(r, out var rule, out var error)
            ? rule!
            : throw new InvalidOperationException($"extAuthz rule passed validation but does not compile: {error}"))];
        UpstreamHeaders = new HashSet<string>(config.AllowedUpstreamHeaders, StringComparer.OrdinalIgnoreCase);
        ClientHeaders = new HashSet<string>(config.AllowedClientHeaders, StringComparer.OrdinalIgnoreCase);
        if (config.Cache.Ttl > TimeSpan.Zero && cluster is not null)
        {
            Cache = new ExtAuthzCache(config.Cache.Ttl, config.Cache.MaxEntries, time);
            CacheKey = ExtAuthzCacheKey.Create(config.Cache.Key);
        }
    }

    public string Name => "extAuthz";

    public ExtAuthzConfig Config { get; }

    /// <summary>The authorization service; null when the rules alone decide.</summary>
    public ClusterState? Cluster { get; }

    public IReadOnlyList<AuthzRule> Rules { get; }

    public IReadOnlySet<string> UpstreamHeaders { get; }

    public IReadOnlySet<string> ClientHeaders { get; }

    /// <summary>The decision cache; null when off.</summary>
    public ExtAuthzCache? Cache { get; }

    public ExtAuthzCacheKey? CacheKey { get; }

    public JsonNode Describe() => new JsonObject
    {
        ["cluster"] = Cluster?.Name,
        ["pathPrefix"] = Config.PathPrefix,
        ["timeoutMs"] = Config.Timeout.TotalMilliseconds,
        ["failOpen"] = Config.FailOpen,
        ["statusOnError"] = Config.StatusOnError,
        ["allowedRequestHeaders"] = JsonNodes.Strings(Config.AllowedRequestHeaders),
        ["allowedUpstreamHeaders"] = JsonNodes.Strings(Config.AllowedUpstreamHeaders),
        ["allowedClientHeaders"] = JsonNodes.Strings(Config.AllowedClientHeaders),
        ["cache"] = Cache is null ? null : new JsonObject
        {
            ["ttlMs"] = Config.Cache.Ttl.TotalMilliseconds,
            ["key"] = JsonNodes.Strings(Config.Cache.Key),
            ["maxEntries"] = Config.Cache.MaxEntries,
            ["entries"] = Cache.Count,
        },
        ["rules"] = JsonNodes.Array(Config.Rules.Select(r => new JsonObject
        {
            ["effect"] = r.Effect == AuthzEffect.Allow ? "allow" : "deny",
            ["roles"] = JsonNodes.Strings(r.Roles),
            ["methods"] = JsonNodes.Strings(r.Methods),
            ["path"] = r.Path,
            ["claims"] = new JsonObject(r.Claims.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
        })),
    };
}

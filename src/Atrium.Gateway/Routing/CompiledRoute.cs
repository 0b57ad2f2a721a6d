using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Transforms;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Routing;

/// <summary>A route ready to match: every condition compiled once per config snapshot.</summary>
internal sealed class CompiledRoute : UpstreamRoute
{
    private readonly HashSet<string>? _methods;
    private readonly ValueMatcher[] _headers;
    private readonly ValueMatcher[] _query;

    public CompiledRoute(RouteConfig config, int index, PathPattern path, RouteTransforms transforms, ClusterState cluster)
        : base(config, transforms)
    {
        Cluster = cluster;
        Index = index;
        Path = path;
        Hosts = new HostMatcher(config.Match.Hosts);
        _methods = config.Match.Methods.Count == 0 ? null : new HashSet<string>(config.Match.Methods, StringComparer.OrdinalIgnoreCase);
        _headers = config.Match.Headers.Select(h => new ValueMatcher(h)).ToArray();
        _query = config.Match.Query.Select(q => new ValueMatcher(q)).ToArray();
        ConditionCount = (_methods is null ? 0 : 1) + _headers.Length + _query.Length;
        Retry = config.Retry.Enabled ? new RetryPolicy(config.Retry) : null;
    }

    /// <summary>The route's retry policy; null when retries are off.</summary>
    public RetryPolicy? Retry { get; }

    public ClusterState Cluster { get; }

    /// <summary>Position in the config file, the last tie-breaker.</summary>
    public int Index { get; }

    public PathPattern Path { get; }

    public HostMatcher Hosts { get; }

    /// <summary>Method, header and query conditions; more is more specific.</summary>
    public int ConditionCount { get; }

    /// <summary>The route's traffic policies (auth, rate limit, CORS, split, mirror, faults); none by default.</summary>
    public RoutePolicies Policies { get; init; } = RoutePolicies.None;

    public bool Matches(HttpRequest request, Span<Range> captures)
    {
        if (!Hosts.IsEmpty && !Hosts.Matches(request.Host))
        {
            return false;
        }

        if (_methods is not null && !_methods.Contains(request.Method))
        {
            return false;
        }

        if (!Path.IsMatch(request.Path.Value ?? "/", captures))
        {
            return false;
        }

        foreach (var header in _headers)
        {
            if (!header.Matches(request.Headers[header.Name]))
            {
                return false;
            }
        }

        foreach (var query in _query)
        {
            if (!query.Matches(request.Query[query.Name]))
            {
                return false;
            }
        }

        return true;
    }
}

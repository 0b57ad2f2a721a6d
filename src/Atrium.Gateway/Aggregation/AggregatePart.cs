using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Transforms;

namespace Atrium.Gateway.Aggregation;

/// <summary>One compiled part of an aggregate route: its cluster, its path template against the route's parameters, its limits.</summary>
internal sealed class AggregatePart
{
    private readonly PathTemplateRenderer _path;

    private AggregatePart(AggregatePartConfig config, ClusterState cluster, PathTemplateRenderer path, string query)
    {
        Config = config;
        Cluster = cluster;
        _path = path;
        Query = query;
    }

    public AggregatePartConfig Config { get; }

    public string Name => Config.Name;

    public ClusterState Cluster { get; }

    /// <summary>The part's own query string with its <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>Compiles <paramref name="config"/> against the route's path parameters; the error names what is wrong.</summary>
    public static bool TryCreate(
        AggregatePartConfig config, ClusterState? cluster, IReadOnlyList<string> parameters, out AggregatePart? part, out string? error)
    {
        part = null;
        var question = config.Path.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? config.Path : config.Path[..question];
        if (!path.StartsWith('/'))
        {
            error = "must start with '/'";
            return false;
        }

        if (!PathTemplateRenderer.TryCreate(path, parameters, out var renderer, out error))
        {
            return false;
        }

        part = new AggregatePart(config, cluster!, renderer!, question < 0 ? "" : config.Path[question..]);
        return true;
    }

    /// <summary>The upstream path for the route's captures.</summary>
    public string Path(string requestPath, ReadOnlySpan<Range> captures) => _path.Render(requestPath, captures);
}

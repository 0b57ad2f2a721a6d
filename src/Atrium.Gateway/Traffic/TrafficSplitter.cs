using System.Globalization;
using System.Text.Json.Nodes;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Hashing;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// A route's compiled <c>split</c>. The canaries (every backend but the route's own cluster) take the low end of
/// [0, 1) and the stable cluster the rest, so when a canary's weight grows (1% → 5% → 20%) a sticky caller already on
/// the canary stays there. A draw is the sticky key's hash, or random without one.
/// </summary>
internal sealed class TrafficSplitter : IRoutePolicy
{
    private readonly ClusterState[] _clusters;
    private readonly double[] _upper;
    private readonly int _canaryCount;
    private readonly double _canaryShare;
    private readonly ClusterState _stable;

    public TrafficSplitter(SplitConfig config, ClusterState stable, IReadOnlyDictionary<string, ClusterState> clusters)
    {
        Config = config;
        _stable = stable;
        var ordered = config.Backends.Where(b => b.Cluster != stable.Name)
            .Concat(config.Backends.Where(b => b.Cluster == stable.Name))
            .ToArray();
        _canaryCount = ordered.Count(b => b.Cluster != stable.Name);
        _clusters = ordered.Select(b => clusters[b.Cluster]).ToArray();
        var total = ordered.Sum(b => b.Weight);
        _upper = new double[ordered.Length];
        var sum = 0.0;
        for (var i = 0; i < ordered.Length; i++)
        {
            sum += ordered[i].Weight;
            _upper[i] = sum / total;
        }

        _upper[^1] = 1.0;
        _canaryShare = _canaryCount == 0 ? 0 : _upper[_canaryCount - 1];
    }

    public SplitConfig Config { get; }

    public ClusterState Choose(ProxyContext context)
    {
        var request = context.HttpContext.Request;
        if (Config.OverrideHeader.Length > 0 && request.Headers.TryGetValue(Config.OverrideHeader, out var forced)
            && Forced(forced.ToString()) is { } cluster)
        {
            return cluster;
        }

        var draw = Draw(context);
        if (Config.RatioHeader.Length > 0 && _canaryCount > 0 && request.Headers.TryGetValue(Config.RatioHeader, out var ratioText)
            && double.TryParse(ratioText.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
            && ratio is >= 0 and <= 100)
        {
            var share = ratio / 100;
            if (draw >= share)
            {
                return _stable;
            }

            // Rescale the draw into the canaries' own range, so they keep their relative weights.
            draw = _canaryShare > 0 ? draw / share * _canaryShare : draw / share;
            return _canaryShare > 0 ? Pick(draw) : _clusters[0];
        }

        return Pick(draw);
    }

    private ClusterState Pick(double draw)
    {
        var upper = _upper;
        for (var i = 0; i < upper.Length - 1; i++)
        {
            if (draw < upper[i])
            {
                return _clusters[i];
            }
        }

        return _clusters[^1];
    }

    private ClusterState? Forced(string value)
    {
        if (value.Equals("never", StringComparison.OrdinalIgnoreCase))
        {
            return _stable;
        }

        if (value.Equals("always", StringComparison.OrdinalIgnoreCase))
        {
            return _canaryCount > 0 ? _clusters[0] : _stable;
        }

        foreach (var cluster in _clusters)
        {
            if (cluster.Name.Equals(value, StringComparison.Ordinal))
            {
                return cluster;
            }
        }

        return null;
    }

    private double Draw(ProxyContext context)
    {
        var request = context.HttpContext.Request;
        switch (Config.StickyOn)
        {
            case StickyOn.Header when request.Headers.TryGetValue(Config.StickyKey, out var header) && header.Count > 0:
                return StableHash.Unit(header.ToString());
            case StickyOn.Cookie when request.Cookies.TryGetValue(Config.StickyKey, out var cookie) && cookie.Length > 0:
                return StableHash.Unit(cookie);
            case StickyOn.ClientIp when context.ForwardedHeaders.ClientIp(context.HttpContext) is { } ip:
                return StableHash.Unit(ip.ToString());
            default:
                return Random.Shared.NextDouble();
        }
    }

    /// <inheritdoc />
    public string Name => "split";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["backends"] = JsonNodes.Array(Config.Backends.Select(b => new JsonObject { ["cluster"] = b.Cluster, ["weight"] = b.Weight })),
        ["stickyOn"] = JsonNodes.Camel(Config.StickyOn.ToString()),
        ["stickyKey"] = Config.StickyKey,
        ["overrideHeader"] = Config.OverrideHeader,
        ["ratioHeader"] = Config.RatioHeader,
    };
}

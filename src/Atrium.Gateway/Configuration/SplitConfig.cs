using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Weighted traffic split for canary rollouts (<c>gateway.routes[i].split</c>): it chooses the cluster of each
/// request; the route's <c>cluster</c> is the stable side and every other backend is a canary.
/// </summary>
public sealed class SplitConfig : IValidatableConfig
{
    /// <summary>The clusters and their weights. At least one; weights are relative and must not all be 0.</summary>
    [MinItems(1, ErrorMessage = "needs at least one backend")]
    public List<SplitBackendConfig> Backends { get; set; } = [];

    /// <summary>Keep a caller on one side: <c>none</c>, <c>header</c>, <c>cookie</c> or <c>clientIp</c>. Default <c>none</c>.</summary>
    public StickyOn StickyOn { get; set; } = StickyOn.None;

    /// <summary>The header or cookie name for <c>stickyOn: header|cookie</c>. Default none.</summary>
    public string StickyKey { get; set; } = "";

    /// <summary>
    /// A request header that overrides the draw: <c>always</c> (a canary), <c>never</c> (the stable cluster) or a
    /// backend's cluster name. Empty turns overrides off. Default <c>x-canary</c>.
    /// </summary>
    public string OverrideHeader { get; set; } = "x-canary";

    /// <summary>
    /// A request header carrying a percentage (0-100) sent to the canaries instead of the configured weights, e.g.
    /// <c>x-migration-ratio</c>. Default none (off).
    /// </summary>
    public string RatioHeader { get; set; } = "";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Backends.Count > 0 && Backends.Sum(b => b.Weight) <= 0)
        {
            context.AddError("backends", "the weights must not all be 0");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Backends.Count; i++)
        {
            if (Backends[i].Cluster.Length > 0 && !seen.TryAdd(Backends[i].Cluster, i))
            {
                context.AddError($"backends[{i}].cluster", $"cluster '{Backends[i].Cluster}' is listed twice (also backends[{seen[Backends[i].Cluster]}])");
            }
        }

        if (StickyOn is StickyOn.Header or StickyOn.Cookie && StickyKey.Length == 0)
        {
            context.AddError("stickyKey", $"stickyOn: {StickyOn} needs a stickyKey");
        }
        else if (StickyOn is StickyOn.None or StickyOn.ClientIp && StickyKey.Length > 0)
        {
            context.AddError("stickyKey", "only used with stickyOn: header or cookie");
        }
    }
}

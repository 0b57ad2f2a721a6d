using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Makes a route an aggregate (<c>gateway.routes[i].aggregate</c>): the gateway answers it itself with one JSON object
/// composed of several upstream calls made in parallel, one property per part. A part that fails is <c>null</c>, named
/// in <c>_partial</c> and given its code in <c>errors</c>; the answer is 200 while one part succeeded, else 504
/// <c>UPSTREAM_TIMEOUT</c> (every part timed out) or 502 <c>AGGREGATE_FAILED</c>.
/// </summary>
public sealed class AggregateConfig
{
    /// <summary>The upstream calls, in the order of the answer's properties. At least one.</summary>
    [MinItems(1, ErrorMessage = "needs at least one part")]
    public List<AggregatePartConfig> Parts { get; set; } = [];

    /// <summary>The caller's request headers sent to every part. Default <c>[Authorization]</c>.</summary>
    public List<string> ForwardHeaders { get; set; } = ["Authorization"];
}

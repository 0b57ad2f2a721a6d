using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Shadow traffic (<c>gateway.routes[i].mirror</c>): a copy of some of the route's bodiless requests goes to another
/// cluster, fire-and-forget; its responses are discarded and it never slows or fails the primary.
/// </summary>
public sealed class MirrorConfig
{
    /// <summary>The shadow cluster, a key of <c>gateway.clusters</c>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cluster { get; set; } = "";

    /// <summary>Percentage of requests copied, 0-100. Default 100.</summary>
    [Range(0d, 100d, ErrorMessage = "must be between 0 and 100")]
    public double Percent { get; set; } = 100;

    /// <summary>Most copies in flight; more are dropped (counted), never queued. Default 16.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>How long a copy may take before it is cancelled. Default 5 s.</summary>
    [DurationRange("00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

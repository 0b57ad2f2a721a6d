using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>One side of a traffic split (<c>gateway.routes[i].split.backends[j]</c>).</summary>
public sealed class SplitBackendConfig
{
    /// <summary>A key of <c>gateway.clusters</c>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cluster { get; set; } = "";

    /// <summary>Relative weight: the share is weight / sum of weights (so 95 and 5, or 0.95 and 0.05). Default 0.</summary>
    [Range(0, 1_000_000)]
    public double Weight { get; set; }
}

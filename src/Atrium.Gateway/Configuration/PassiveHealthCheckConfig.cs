using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Passive outlier detection (<c>gateway.clusters.NAME.healthCheck.passive</c>): consecutive 5xx answers or failed
/// connections eject an endpoint for a time that doubles on each repeat.
/// </summary>
public sealed class PassiveHealthCheckConfig : IValidatableConfig
{
    /// <summary>Whether to eject failing endpoints. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Consecutive failures (5xx, connect failure, reset, timeout) that eject an endpoint. Default 5.</summary>
    [Range(1, 1000)]
    public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>The first ejection's length; each repeat doubles it up to <see cref="MaxEjectionTime"/>. Default 30 s.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan BaseEjectionTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest ejection. Default 5 min.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxEjectionTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most endpoints ejected at once, as a percentage of the cluster (one endpoint may always be ejected, but never the
    /// last one still in rotation). Default 50.
    /// </summary>
    [Range(0, 100)]
    public int MaxEjectedPercent { get; set; } = 50;

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (MaxEjectionTime < BaseEjectionTime)
        {
            context.AddError("maxEjectionTime", "must not be shorter than baseEjectionTime");
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>Active health probes (<c>gateway.clusters.NAME.healthCheck.active</c>): an HTTP GET per endpoint per interval.</summary>
public sealed class ActiveHealthCheckConfig : IValidatableConfig
{
    /// <summary>Whether to probe. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The path probed on each endpoint; a 2xx answer is a success. Default <c>/healthz</c>.</summary>
    public string Path { get; set; } = "/healthz";

    /// <summary>Time between probe rounds. Default 5 s.</summary>
    [DurationRange("00:00:00.010", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take; longer is a failure. Default 2 s.</summary>
    [DurationRange("00:00:00.001", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive successful probes that make an unhealthy endpoint healthy. Default 2.</summary>
    [Range(1, 100)]
    public int HealthyThreshold { get; set; } = 2;

    /// <summary>Consecutive failed probes that make a healthy endpoint unhealthy. Default 3.</summary>
    [Range(1, 100)]
    public int UnhealthyThreshold { get; set; } = 3;

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Path.Length == 0 || Path[0] != '/')
        {
            context.AddError("path", "must start with '/'");
        }

        if (Timeout > Interval)
        {
            context.AddError("timeout", "must not be longer than interval");
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>An injected delay (<c>gateway.routes[i].faults.delay</c>).</summary>
public sealed class FaultDelayConfig
{
    /// <summary>How long the request is held before it goes on. Required.</summary>
    [DurationRange("00:00:00.001", "00:10:00", ErrorMessage = "must be between 1ms and 10m")]
    public TimeSpan Duration { get; set; }

    /// <summary>Percentage of requests delayed, 0-100. Default 100.</summary>
    [Range(0d, 100d, ErrorMessage = "must be between 0 and 100")]
    public double Percent { get; set; } = 100;
}

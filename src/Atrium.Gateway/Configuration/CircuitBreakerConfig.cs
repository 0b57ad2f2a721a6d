using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The cluster's circuit breaker (<c>gateway.clusters.NAME.circuitBreaker</c>): opens when the failure ratio over the
/// sampling window reaches <see cref="FailureRatio"/>, stays open for <see cref="BreakDuration"/>, then lets probe
/// requests through one at a time and closes after <see cref="CloseAfterSuccesses"/> consecutive successes.
/// </summary>
public sealed class CircuitBreakerConfig
{
    /// <summary>Whether the breaker runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failed share of requests (0 to 1) in the sampling window that opens the circuit. Default 0.6.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.6;

    /// <summary>The sliding window over which the ratio is measured. Default 10 s.</summary>
    [DurationRange("00:00:00.100", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fewest requests in the window before the ratio counts. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>How long the circuit stays open before half-open probes. Default 30 s.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive successful half-open probes that close the circuit. Default 5.</summary>
    [Range(1, 1000)]
    public int CloseAfterSuccesses { get; set; } = 5;

    /// <summary>What to answer while open instead of 503 <c>CIRCUIT_OPEN</c>. Default none.</summary>
    public CircuitBreakerFallbackConfig? Fallback { get; set; }
}

using Atrium.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>What a <see cref="ClusterState"/>'s health checks and breaker need from the proxy host.</summary>
/// <param name="time">The clock of ejections, probes and the breaker.</param>
/// <param name="metrics">Probe and ejection counts.</param>
/// <param name="healthLogger">Probe verdicts, ejections and returns; its category is the health checks' namespace.</param>
/// <param name="resilienceLogger">Breaker transitions, exhausted retry budgets; its category is the resilience policies' namespace.</param>
internal sealed class ClusterServices(TimeProvider time, GatewayMetrics metrics, ILogger healthLogger, ILogger resilienceLogger)
{
    public TimeProvider Time { get; } = time;

    public GatewayMetrics Metrics { get; } = metrics;

    public ILogger HealthLogger { get; } = healthLogger;

    public ILogger ResilienceLogger { get; } = resilienceLogger;
}

using Atrium.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>What a <see cref="ClusterState"/>'s health checks and breaker need from the proxy host.</summary>
internal sealed class ClusterServices(TimeProvider time, GatewayMetrics metrics, ILoggerFactory loggerFactory)
{
    public TimeProvider Time { get; } = time;

    public GatewayMetrics Metrics { get; } = metrics;

    /// <summary>Category <c>Atrium.Gateway.Health</c>: probe verdicts, ejections and returns.</summary>
    public ILogger HealthLogger { get; } = loggerFactory.CreateLogger("Atrium.Gateway.Health");

    /// <summary>Category <c>Atrium.Gateway.Resilience</c>: breaker transitions, exhausted retry budgets.</summary>
    public ILogger ResilienceLogger { get; } = loggerFactory.CreateLogger("Atrium.Gateway.Resilience");
}

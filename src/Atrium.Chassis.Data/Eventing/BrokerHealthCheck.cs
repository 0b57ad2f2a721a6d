using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Readiness of a module that publishes or consumes events through a broker: unhealthy while it is unreachable.</summary>
internal sealed class BrokerHealthCheck(IBrokerStatus broker) : IHealthCheck
{
    /// <summary>The check's name in <c>/readyz</c> and gRPC health.</summary>
    public const string Name = "broker";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsConnected ? HealthCheckResult.Healthy(broker.Describe()) : HealthCheckResult.Unhealthy(broker.Describe()));
}

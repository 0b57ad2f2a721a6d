using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Atrium.Chassis.Health;

/// <summary>
/// Reports the module unready from the moment it begins to stop, so that a load balancer polling <c>/readyz</c>
/// takes it out of rotation while in-flight work drains.
/// </summary>
internal sealed class LifecycleHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>The name under which the check is registered.</summary>
    public const string Name = "lifecycle";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("draining: the module is shutting down")
            : lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy("started")
                : HealthCheckResult.Unhealthy("starting"));
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// The shared rate-limit store in <c>/readyz</c>: degraded (still ready, since limits fall back to local ones) while
/// Redis cannot be reached, with the fallback in the detail; healthy otherwise or when no route keeps limits there.
/// </summary>
internal sealed class RateLimitStoreHealthCheck(GatewayRuntime runtime) : IHealthCheck
{
    /// <summary>The check's name in <c>/readyz</c>.</summary>
    public const string Name = "gateway-rate-limit-store";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = runtime.Policies.Redis switch
        {
            null => HealthCheckResult.Healthy("no route keeps its rate limit in Redis"),
            { IsUp: true } store => HealthCheckResult.Healthy($"rate limits shared in Redis {store.Describe()}"),
            var store => HealthCheckResult.Degraded(
                $"Redis {store.Describe()} unreachable ({store.LastFailure}): rate limits are local, divided by {store.Replicas} replicas"),
        };
        return Task.FromResult(result);
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// The <c>config</c> entry of <c>/readyz</c> in a process with a config center. Always healthy (the running config
/// is valid wherever it came from); the description says which document is in effect and whether it came from the
/// cache because etcd was unreachable.
/// </summary>
internal sealed class ConfigCenterHealthCheck(ConfigStore store) : IHealthCheck
{
    /// <summary>The check's name in <c>/readyz</c>.</summary>
    public const string Name = "config";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var center = store.ConfigCenter;
        var description = center switch
        {
            null => "source: " + store.Current.Source,
            { FromCache: true } => $"source: cache, {center.Label}; etcd unreachable, watching to catch up",
            { Connected: false } => $"source: {center.Label}; etcd unreachable, reconnecting",
            _ => "source: " + center.Label,
        };
        return Task.FromResult(HealthCheckResult.Healthy(description));
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Security;

/// <summary>
/// Readiness of a service that verifies access tokens: unready until identity's signing keys have been fetched once,
/// for until then no caller can be verified. While they are missing each check fetches them itself, so that a process
/// started before identity becomes ready once identity answers, without waiting for a request to ask; once fetched
/// the check stays healthy, as the key source keeps known keys through later failed fetches.
/// </summary>
internal sealed class SigningKeysHealthCheck(ISigningKeySource keys) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!keys.Current.Loaded)
        {
            await keys.EnsureAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return keys.Current.Loaded
            ? HealthCheckResult.Healthy($"{keys.Current.Ids.Count} signing keys from {keys.Source}")
            : HealthCheckResult.Unhealthy($"identity's signing keys not fetched yet from {keys.Source}: {keys.LastFailure}");
    }
}

using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// Readiness of a gateway whose live routes verify JWTs with keys from a JWKS: unready until the keys have been
/// fetched once, for until then every bearer token on those routes is refused. While they are missing each check
/// fetches them itself, so that a gateway started before the key server becomes ready once it answers. Static keys, or
/// no route that accepts JWTs, need nothing.
/// </summary>
internal sealed class SigningKeysHealthCheck(GatewayRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runtime.Policies.Jwt is not { } jwt || !runtime.Current.Options.Routes.Any(AcceptsJwt))
        {
            return HealthCheckResult.Healthy("no route verifies JWTs");
        }

        var keys = jwt.Keys;
        if (!keys.Current.Loaded)
        {
            await keys.EnsureAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return keys.Current.Loaded
            ? HealthCheckResult.Healthy($"{keys.Current.Ids.Count} signing keys from {keys.Source}")
            : HealthCheckResult.Unhealthy($"signing keys not fetched yet from {keys.Source}: {keys.LastFailure}");
    }

    private static bool AcceptsJwt(RouteConfig route) =>
        route.Auth is { Require: AuthRequirement.Authenticated } auth && auth.Schemes.Contains(AuthScheme.Jwt);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// Readiness of a module's database: one <c>SELECT 1</c> through <typeparamref name="TContext"/>'s own connection
/// settings. A round trip, not just an open: a pooled connection to a server that has gone away opens fine.
/// </summary>
internal sealed class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck
    where TContext : DbContext
{
    /// <summary>How long a check may wait for the database before the module counts as unready: 2 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The check's name in <c>/readyz</c>, e.g. <c>database:CatalogDbContext</c>.</summary>
    public static string Name => $"database:{typeof(TContext).Name}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        try
        {
            await database.ExecuteSqlRawAsync("SELECT 1", cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The provider's message names the host and the cause without the password; readiness shows only the kind.
            return HealthCheckResult.Unhealthy($"unreachable ({ex.GetType().Name})");
        }
    }
}

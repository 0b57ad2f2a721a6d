using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Persistence;

/// <summary>How a service module registers, checks and creates its own database.</summary>
public static class ModuleDatabase
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) on the module's database. SQLite: <paramref name="configured"/>,
    /// or <paramref name="fileName"/> in <c>host.dataDirectory</c> when that is empty, opened with
    /// <see cref="SqliteDbContextOptionsExtensions.UseAtriumSqlite"/>. PostgreSQL: <paramref name="configured"/>, which
    /// <see cref="Validate"/> requires.
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, ModuleContext context, DatabaseProvider provider, string configured, string fileName)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        if (provider == DatabaseProvider.PostgreSql)
        {
            return services.AddDbContextPool<TContext>(db => db.UseNpgsql(configured));
        }

        var connectionString = ModuleData.SqliteConnectionString(context, configured, fileName);
        return services.AddDbContextPool<TContext>(db => db.UseAtriumSqlite(connectionString));
    }

    /// <summary>Adds an error for a provider that needs a connection string and has none.</summary>
    public static void Validate(DatabaseProvider provider, string connectionString, ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enum.IsDefined(provider))
        {
            context.AddError("provider", "must be sqlite or postgresql");
        }
        else if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            context.AddError("connectionString", "is required when provider is postgresql (Host=...;Database=...;Username=...;Password=...), naming a database of this module's own");
        }
    }

    /// <summary>
    /// Creates the database if it is missing and the schema if the database is new. On SQLite it also turns on WAL
    /// (persistent in the file): readers never wait for the writer, and the writer never waits for readers.
    /// </summary>
    public static async Task EnsureSchemaAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (database.IsSqlite())
        {
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}

using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Persistence;

/// <summary>How a service module registers and creates its own database.</summary>
public static class ModuleDatabase
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) on the module's SQLite database: <paramref name="configured"/>,
    /// or <paramref name="fileName"/> in <c>host.dataDirectory</c> when that is empty, opened with <see cref="SqliteDbContextOptionsExtensions.UseAtriumSqlite"/>.
    /// </summary>
    public static IServiceCollection AddModuleSqlite<TContext>(this IServiceCollection services, ModuleContext context, string configured, string fileName)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var connectionString = ModuleData.SqliteConnectionString(context, configured, fileName);
        return services.AddDbContextPool<TContext>(db => db.UseAtriumSqlite(connectionString));
    }

    /// <summary>
    /// Creates the schema if the database is new and, on SQLite, turns on WAL (persistent in the file): readers never
    /// wait for the writer, and the writer never waits for readers.
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

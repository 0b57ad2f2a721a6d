using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>How a service module registers, checks and creates its own database.</summary>
public static class ModuleDatabase
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) on the module's database. SQLite: <paramref name="configured"/>,
    /// or <paramref name="fileName"/> in <c>host.dataDirectory</c> when that is empty, opened with
    /// <see cref="SqliteDbContextOptionsExtensions.UseAtriumSqlite(DbContextOptionsBuilder, string)"/>; the file is created (or tightened) owner-only
    /// before SQLite opens it (see <see cref="Hosting.OwnerOnly"/>), and the contexts' write transactions join the file's
    /// group commit, which the container holds and releases when it is disposed (one per file among the process's
    /// modules: <see cref="SqliteGroupCommits"/>). PostgreSQL: <paramref name="configured"/>, which
    /// <see cref="Validate"/> requires. Either way <c>/readyz</c> gains a check that the database answers.
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, ModuleContext context, DatabaseProvider provider, string configured, string fileName)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(
            DatabaseHealthCheck<TContext>.Name, timeout: DatabaseHealthCheck<TContext>.Timeout);
        if (provider == DatabaseProvider.PostgreSql)
        {
            var postgres = PostgresConnectionDefaults.Apply(configured);
            return services.AddDbContextPool<TContext>(db => QuietFailures(db.UseNpgsql(postgres)));
        }

        var connectionString = ModuleData.SqliteConnectionString(context, configured, fileName);
        SqliteFiles.Prepare(connectionString, context.LoggerFactory.CreateLogger(typeof(ModuleDatabase)));
        // The host's container holds the file's group commit and lets it go when the host is disposed; modules of the
        // process configured onto one file get the same one.
        var groupCommits = context.GetOrShare(static () => new SqliteGroupCommits());
        services.AddKeyedSingleton(typeof(TContext), (_, _) => groupCommits.Acquire(connectionString));
        return services.AddDbContextPool<TContext>((provider, db) => QuietFailures(db.UseAtriumSqlite(
            connectionString, provider.GetRequiredKeyedService<SqliteGroupCommitLease>(typeof(TContext)).GroupCommit)));
    }

    // EF logs every failed save and command at Error before its caller sees the exception. The callers decide: a write
    // transaction retries a lost race, the inbox retries a handler (two projections inserting the same view), a
    // unique key answers 409, and whatever nobody handles is logged at Error with its trace id by the error envelope
    // or the consumer. EF's own line stays, one level down.
    private static DbContextOptionsBuilder QuietFailures(DbContextOptionsBuilder db) =>
        db.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Warning), (RelationalEventId.CommandError, LogLevel.Warning)));

    /// <summary>Adds an error for a provider that needs a connection string and has none, or one it cannot read.</summary>
    public static void Validate(DatabaseProvider provider, string connectionString, ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enum.IsDefined(provider))
        {
            context.AddError("provider", "must be sqlite or postgresql");
        }
        else if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            context.AddError("connectionString", "is required when provider is postgresql (Host=...;Username=...;Password=...;Database=...), naming a database of this module's own");
        }
        else if (provider == DatabaseProvider.PostgreSql && PostgresConnectionDefaults.Problem(connectionString) is { } problem)
        {
            context.AddError("connectionString", problem);
        }
    }

    /// <summary>
    /// Creates the database if it is missing and this context's tables if none of them exist yet, also in a database
    /// that already holds another context's tables (a module whose read model has a context of its own shares the
    /// module's PostgreSQL database). On SQLite it also turns on WAL (persistent in the file): readers never wait for
    /// the writer, and the writer never waits for readers.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some of the context's tables exist and others do not.</exception>
    public static async Task EnsureSchemaAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!await database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false))
        {
            await CreateMissingTablesAsync(database, cancellationToken).ConfigureAwait(false);
        }

        if (database.IsSqlite())
        {
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    // EnsureCreated does nothing in a database that has any table; this context's may still be missing.
    private static async Task CreateMissingTablesAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        var context = database.GetService<ICurrentDbContext>().Context;
        var tables = context.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var existing = await ExistingTablesAsync(database, cancellationToken).ConfigureAwait(false);
        var missing = tables.Where(t => !existing.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (missing.Count < tables.Count)
        {
            throw new InvalidOperationException(
                $"The database holds only part of {context.GetType().Name}'s schema: {string.Join(", ", missing)} missing. Restore it or start from an empty database.");
        }

        await database.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> ExistingTablesAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        var sql = database.IsSqlite()
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            // pg_tables lists every table; information_schema only those the role has a privilege on.
            : "SELECT tablename::text AS \"Value\" FROM pg_catalog.pg_tables WHERE schemaname = current_schema()";
        var names = await database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken).ConfigureAwait(false);
        return names.ToHashSet(StringComparer.Ordinal);
    }
}

using Atrium.Chassis.Configuration;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Data.Persistence;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Chassis.Tests.Persistence;

/// <summary>Npgsql's automatic preparation and no reset on close on every module's PostgreSQL connection, unless its connection string says otherwise.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void Apply_NoPreparationSettings_AddsThem()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Database=orders;Password=\"p;w\""));

        applied.MaxAutoPrepare.ShouldBe(PostgresConnectionDefaults.MaxAutoPrepare);
        applied.AutoPrepareMinUsages.ShouldBe(PostgresConnectionDefaults.AutoPrepareMinUsages);
        applied.NoResetOnClose.ShouldBeTrue();
        applied.Host.ShouldBe("db");
        applied.Database.ShouldBe("orders");
        applied.Password.ShouldBe("p;w");
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=7;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;AutoPrepareMinUsages=7;NoResetOnClose=false")]
    [InlineData("Host=db;max auto prepare=0;auto prepare min usages=7;no reset on close=false")]
    public void Apply_PreparationSettingsGiven_KeepsThem(string connectionString)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString));

        applied.MaxAutoPrepare.ShouldBe(0);
        applied.AutoPrepareMinUsages.ShouldBe(7);
        applied.NoResetOnClose.ShouldBeFalse();
    }

    [Fact]
    public void Validate_UnreadableConnectionString_ErrorWithoutTheValue()
    {
        var errors = new List<string>();
        var context = new ConfigValidationContext("payments", new Dictionary<string, object>(), (path, message) => errors.Add($"{path}: {message}"));

        ModuleDatabase.Validate(DatabaseProvider.PostgreSql, "Host=db;Password=se;cret-rest;Database", context);

        errors.ShouldBe(["payments.connectionString: is not a connection string Npgsql can read (Keyword=value pairs separated by ';', e.g. Host=...;Username=...;Password=...;Database=...; a value holding ';' goes in double quotes)"]);
    }

    [Fact]
    public async Task AddModuleDatabase_PostgreSql_RepeatedStatementsArePrepared()
    {
        var connectionString = (await PostgresServer.Shared).NewDatabase("prepare");
        var context = new ModuleContext(["tests"], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(5));
        await using var services = new ServiceCollection()
            .AddModuleDatabase<ProviderPersistenceTests.CountersContext>(context, DatabaseProvider.PostgreSql, connectionString, "unused.db")
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProviderPersistenceTests.CountersContext>();
        await db.Database.EnsureSchemaAsync(CancellationToken.None);
        await db.Database.OpenConnectionAsync();
        var id = Guid.NewGuid();
        for (var i = 0; i < PostgresConnectionDefaults.AutoPrepareMinUsages + 1; i++)
        {
            (await db.Counters.AsNoTracking().AnyAsync(c => c.Id == id)).ShouldBeFalse();
        }

        // The server's own list for this session: statements Npgsql prepared over the protocol show there too.
        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();

        prepared.ShouldContain(s => s.Contains("counters", StringComparison.Ordinal), string.Join(" | ", prepared));
    }

    [Fact]
    public async Task AddModuleDatabase_PostgreSql_ReturnedConnectionIsNotReset()
    {
        // One physical connection, so the second open gets the first one's session back from the pool.
        var connectionString = (await PostgresServer.Shared).NewDatabase("noreset") + ";Maximum Pool Size=1";
        var context = new ModuleContext(["tests"], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(5));
        await using var services = new ServiceCollection()
            .AddModuleDatabase<ProviderPersistenceTests.CountersContext>(context, DatabaseProvider.PostgreSql, connectionString, "unused.db")
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProviderPersistenceTests.CountersContext>();
            await db.Database.EnsureSchemaAsync(CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("SET application_name = 'left-by-the-last-user'");
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProviderPersistenceTests.CountersContext>();

            // Npgsql's reset (RESET ALL among seven statements) would have put the setting back to its default.
            var name = await db.Database.SqlQueryRaw<string>("SELECT current_setting('application_name') AS \"Value\"").SingleAsync();

            name.ShouldBe("left-by-the-last-user");
        }
    }
}

using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.Data.Sqlite;

namespace Atrium.Ordering.Tests.Infrastructure.ReadModel;

public sealed class ReadModelDatabaseTests
{
    [Fact]
    public void ConnectionString_SqliteNotConfigured_IsEmptySoTheDefaultFileIsUsed() =>
        ReadModelDatabase.ConnectionString(DatabaseProvider.Sqlite, "").ShouldBe("");

    [Fact]
    public void ConnectionString_SqliteFileConfigured_IsItsSiblingWithTheSameSettings()
    {
        var read = new SqliteConnectionStringBuilder(
            ReadModelDatabase.ConnectionString(DatabaseProvider.Sqlite, "Data Source=/var/lib/atrium/orders.sqlite;Default Timeout=30"));

        read.DataSource.ShouldBe("/var/lib/atrium/orders-read.sqlite");
        read.DefaultTimeout.ShouldBe(30);
    }

    [Fact]
    public void ConnectionString_SqliteInMemory_IsTheConfiguredOne() =>
        ReadModelDatabase.ConnectionString(DatabaseProvider.Sqlite, "Data Source=:memory:").ShouldBe("Data Source=:memory:");

    [Fact]
    public void ConnectionString_PostgreSql_IsTheModulesOwnDatabase() =>
        ReadModelDatabase.ConnectionString(DatabaseProvider.PostgreSql, "Host=db;Database=atrium_ordering;Username=atrium")
            .ShouldBe("Host=db;Database=atrium_ordering;Username=atrium");
}

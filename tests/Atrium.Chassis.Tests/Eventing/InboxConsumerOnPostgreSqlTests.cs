using Atrium.Chassis.Tests.Eventing.Fixtures;

namespace Atrium.Chassis.Tests.Eventing;

/// <summary><see cref="InboxConsumerTests"/> on a new database of the tests' PostgreSQL server.</summary>
public sealed class InboxConsumerOnPostgreSqlTests : InboxConsumerTests
{
    private protected override async Task<IServiceDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}

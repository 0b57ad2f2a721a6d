using Atrium.Chassis.Tests.Eventing.Fixtures;

namespace Atrium.Chassis.Tests.Eventing;

/// <summary><see cref="InboxConsumerTests"/> on a SQLite file.</summary>
public sealed class InboxConsumerOnSqliteTests : InboxConsumerTests
{
    private protected override Task<IServiceDatabase> CreateDatabaseAsync() => Task.FromResult<IServiceDatabase>(new SqliteFile());
}

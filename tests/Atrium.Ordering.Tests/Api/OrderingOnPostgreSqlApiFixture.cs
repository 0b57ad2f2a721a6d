using Atrium.Testing;

namespace Atrium.Ordering.Tests.Api;

/// <summary><see cref="OrderingApiFixture"/> with ordering on a new database of the tests' PostgreSQL server.</summary>
public sealed class OrderingOnPostgreSqlApiFixture : OrderingApiFixture
{
    protected override async Task PrepareAsync() => PostgresConnectionString = (await PostgresServer.Shared).NewDatabase("ordering");
}

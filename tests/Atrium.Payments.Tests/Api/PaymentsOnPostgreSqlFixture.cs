using Atrium.Testing;

namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="PaymentsHostFixture"/> with payments on a new database of the tests' PostgreSQL server.</summary>
public sealed class PaymentsOnPostgreSqlFixture : PaymentsHostFixture
{
    protected override async Task PrepareAsync() => PostgresConnectionString = (await PostgresServer.Shared).NewDatabase("payments");
}

using Atrium.Testing;

namespace Atrium.Catalog.Tests.Api;

/// <summary><see cref="CatalogHostFixture"/> with the catalog on a new database of the tests' PostgreSQL server.</summary>
public sealed class CatalogOnPostgreSqlFixture : CatalogHostFixture
{
    /// <summary>The catalog's database, for tests that look at it from sessions of their own.</summary>
    public string ConnectionString => PostgresConnectionString ?? throw new InvalidOperationException("The fixture has not started.");

    protected override async Task PrepareAsync() => PostgresConnectionString = (await PostgresServer.Shared).NewDatabase("catalog");
}

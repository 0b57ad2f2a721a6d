using Atrium.Testing;

namespace Atrium.Catalog.Tests.Api;

/// <summary><see cref="CatalogHostFixture"/> with the catalog on a new database of the tests' PostgreSQL server.</summary>
public sealed class CatalogOnPostgreSqlFixture : CatalogHostFixture
{
    protected override async Task PrepareAsync() => PostgresConnectionString = (await PostgresServer.Shared).NewDatabase("catalog");
}

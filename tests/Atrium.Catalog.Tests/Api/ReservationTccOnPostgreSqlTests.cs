namespace Atrium.Catalog.Tests.Api;

/// <summary><see cref="ReservationTccTests"/> with the catalog on PostgreSQL.</summary>
public sealed class ReservationTccOnPostgreSqlTests(CatalogOnPostgreSqlFixture catalog) : ReservationTccTests(catalog), IClassFixture<CatalogOnPostgreSqlFixture>;

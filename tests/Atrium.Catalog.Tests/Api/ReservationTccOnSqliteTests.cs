namespace Atrium.Catalog.Tests.Api;

/// <summary><see cref="ReservationTccTests"/> with the catalog on its SQLite file.</summary>
public sealed class ReservationTccOnSqliteTests(CatalogHostFixture catalog) : ReservationTccTests(catalog), IClassFixture<CatalogHostFixture>;

namespace Atrium.Catalog.Tests.Api;

/// <summary>A catalog whose reservations expire after one second, swept every 100 ms.</summary>
public sealed class ShortTtlCatalogFixture : CatalogHostFixture
{
    protected override string SectionYaml => "reservationTtl: 1s\nexpirySweepInterval: 100ms";
}

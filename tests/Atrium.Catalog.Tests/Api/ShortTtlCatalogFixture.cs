namespace Atrium.Catalog.Tests.Api;

/// <summary>A catalog whose reservations expire after <see cref="Ttl"/>, swept every 100 ms.</summary>
public sealed class ShortTtlCatalogFixture : CatalogHostFixture
{
    /// <summary>
    /// Short enough to wait out, long enough that a try and a read on a saturated machine (where one second was
    /// not always enough) still see the hold before the sweep releases it.
    /// </summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    protected override string SectionYaml => $"reservationTtl: {Ttl.TotalSeconds}s\nexpirySweepInterval: 100ms";
}

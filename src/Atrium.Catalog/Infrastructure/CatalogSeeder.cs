using Atrium.Chassis.Data.Persistence;
using Atrium.Catalog.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Catalog.Infrastructure;

/// <summary>At start: creates the schema if the database is new, turns on WAL, and seeds demo products into an empty catalog.</summary>
internal sealed class CatalogSeeder(IServiceScopeFactory scopes, CatalogOptions options) : IHostedService
{
    private static readonly (string Sku, string Name, string Description, long Price)[] Demo =
    [
        ("MUG-001", "Enamel camp mug", "12 oz enamel mug, dishwasher safe.", 1499),
        ("TEE-002", "Heavyweight tee", "Organic cotton, relaxed fit.", 2900),
        ("CAP-003", "Six-panel cap", "Waxed canvas, adjustable strap.", 2400),
        ("BAG-004", "Roll-top backpack", "20 L, water resistant.", 8900),
        ("BTL-005", "Insulated bottle", "750 ml, keeps cold 24 h.", 3200),
        ("NTB-006", "Dot-grid notebook", "A5, 160 pages, lay-flat.", 1800),
        ("PEN-007", "Brass pen", "Machined brass, refillable.", 4500),
        ("SOK-008", "Merino socks", "Cushioned, pack of two.", 2200),
        ("HAT-009", "Knit beanie", "Recycled wool blend.", 2600),
        ("TWL-010", "Quick-dry towel", "Microfibre, 80 x 160 cm.", 2700),
        ("LMP-011", "Camp lantern", "USB-C rechargeable, 300 lm.", 5400),
        ("KNF-012", "Folding knife", "3 in blade, liner lock.", 6200),
        ("STV-013", "Backpacking stove", "Canister stove, 80 g.", 4900),
        ("CUP-014", "Titanium cup", "450 ml, folding handles.", 3600),
        ("BLK-015", "Down blanket", "Packable, 600 fill.", 12900),
        ("CHR-016", "Camp chair", "Aluminium frame, 1 kg.", 9900),
        ("TBL-017", "Roll table", "Compact, 60 x 40 cm.", 7400),
        ("HMK-018", "Hammock", "Ripstop nylon, straps included.", 6900),
        ("TRP-019", "Tarp", "3 x 3 m, silnylon.", 11900),
        ("GLV-020", "Work gloves", "Leather palms, size M.", 2100),
        ("CMP-021", "Compass", "Baseplate, declination adjust.", 3300),
        ("MAP-022", "Map case", "Waterproof, A4.", 1600),
        ("FAK-023", "First-aid kit", "Trail kit, 40 items.", 2800),
        ("BKT-024", "Collapsible bucket", "10 L, silicone.", 1900),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await db.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (!options.SeedProducts || await db.Products.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var index = 0;
        foreach (var (sku, name, description, price) in Demo)
        {
            // Stable ids, so that demo scripts and docs can name a product.
            var id = new Guid($"00000000-0000-0000-0000-{++index:D12}");
            db.Products.Add(Product.Create(id, sku, name, description, new Money(price, "USD"), onHand: 100));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

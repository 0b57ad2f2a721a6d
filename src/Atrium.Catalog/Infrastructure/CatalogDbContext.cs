using Atrium.Chassis.Data.Persistence;
using System.Text.Json;
using Atrium.Catalog.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Atrium.Catalog.Infrastructure;

/// <summary>The catalog database: products, reservations and the TCC barrier.</summary>
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBarrier();
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Id);
            product.HasIndex(p => p.Sku).IsUnique();
            product.Property(p => p.Sku).HasMaxLength(64).IsRequired();
            product.Property(p => p.Name).HasMaxLength(200).IsRequired();
            product.Property(p => p.Currency).HasMaxLength(3).IsRequired();
            product.Ignore(p => p.Price);
            product.Ignore(p => p.Available);
            product.Property(p => p.Version).IsConcurrencyToken();
            product.ToTable(t => t.HasCheckConstraint("ck_products_stock", "\"Reserved\" >= 0 AND \"Reserved\" <= \"OnHand\""));
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(r => r.TransactionId);
            reservation.Ignore(r => r.Lines);
            reservation.Property<List<ReservationLine>>("_lines")
                .HasColumnName("lines")
                .HasConversion(
                    lines => JsonSerializer.Serialize(lines, JsonSerializerOptions.Default),
                    text => JsonSerializer.Deserialize<List<ReservationLine>>(text, JsonSerializerOptions.Default) ?? new List<ReservationLine>(),
                    new ValueComparer<List<ReservationLine>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()));
            // A confirm and a cancel of one reservation take different barrier rows and so do not wait for each other;
            // on PostgreSQL both may read it Held. The status as a concurrency token makes the second save fail and
            // run again, where it finds the first one's outcome.
            reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            // Ticks, so that the expiry sweep's comparison runs in SQL on every provider.
            reservation.Property(r => r.ExpiresAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            reservation.Property(r => r.CreatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            reservation.HasIndex(r => new { r.Status, r.ExpiresAt });
        });

    }
}

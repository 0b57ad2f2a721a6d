using System.Text.Json;
using Atrium.Chassis.Data.Eventing;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// The ordering database, the command side: orders and their sagas, idempotency keys and the outbox. The read side
/// has a context of its own (<see cref="OrderReadDbContext"/>).
/// </summary>
internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderSaga> Sagas => Set<OrderSaga>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Ignore(o => o.Lines);
            order.Ignore(o => o.Total);
            order.Property<List<OrderLine>>("_lines")
                .HasColumnName("lines")
                .HasConversion(
                    lines => JsonSerializer.Serialize(lines, JsonSerializerOptions.Default),
                    text => JsonSerializer.Deserialize<List<OrderLine>>(text, JsonSerializerOptions.Default) ?? new List<OrderLine>(),
                    new ValueComparer<List<OrderLine>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()));
            order.Property(o => o.Currency).HasMaxLength(3).IsRequired();
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            order.Property(o => o.Reason).HasMaxLength(64);
            // Ticks, so that comparisons and ordering run in SQL on every provider.
            order.Property(o => o.CreatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            order.Property(o => o.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)).IsConcurrencyToken();
        });

        modelBuilder.Entity<OrderSaga>(saga =>
        {
            saga.ToTable("order_sagas");
            saga.HasKey(s => s.OrderId);
            saga.Property(s => s.Step).HasConversion<string>().HasMaxLength(16);
            saga.Property(s => s.Reason).HasMaxLength(64);
            saga.Property(s => s.NextAttemptAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            saga.Property(s => s.Deadline).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            saga.Property(s => s.StartedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            // Two orchestrators that ran the same step: the second save loses and stops, so the record moves once per step.
            saga.Property(s => s.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)).IsConcurrencyToken();
            saga.Ignore(s => s.Succeeded);
            saga.Ignore(s => s.IsFinished);
            saga.Ignore(s => s.CanGiveUp);
            saga.HasIndex(s => new { s.Step, s.NextAttemptAt });
        });

        modelBuilder.Entity<IdempotencyRecord>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => new { k.UserId, k.Key });
            key.Property(k => k.Key).HasMaxLength(255);
        });
    }
}

using Atrium.Chassis.Data.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>
/// The read side: the order views and the inbox of the projector that builds them. On SQLite it is a file of its own
/// (<c>ordering-read.db</c>), so that projecting events never queues behind placement and the saga for the one writer
/// a SQLite file allows; on PostgreSQL its tables live in the module's database.
/// </summary>
internal sealed class OrderReadDbContext(DbContextOptions<OrderReadDbContext> options) : DbContext(options)
{
    public DbSet<OrderView> OrderViews => Set<OrderView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddInbox();
        modelBuilder.Entity<OrderView>(view =>
        {
            view.ToTable("order_views");
            view.HasKey(v => v.Id);
            view.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            view.HasIndex(v => new { v.UserId, v.CreatedAtTicks });
        });
    }
}

using Atrium.Chassis.Data.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A service's database: a state table, a handler's own table, the outbox and the inbox.</summary>
internal sealed class TestDb(DbContextOptions<TestDb> options) : DbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Widget>().HasKey(w => w.Id);
        modelBuilder.Entity<Account>().HasKey(a => a.Id);
        modelBuilder.AddOutbox().AddInbox();
    }
}

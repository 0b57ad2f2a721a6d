using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Data.Eventing;
using Atrium.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Atrium.Payments.Infrastructure;

/// <summary>The payments database: accounts, the ledger, payments, the barrier, and the outbox and inbox.</summary>
internal sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    // Ticks, so that times compare and order in SQL on every provider.
    private static readonly ValueConverter<DateTimeOffset, long> Ticks = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Payment> Payments => Set<Payment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBarrier();
        modelBuilder.AddOutbox().AddInbox();
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            // One account per user; system accounts have no owner (NULLs are distinct in a unique index).
            account.HasIndex(a => a.OwnerUserId).IsUnique();
            account.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.Currency).HasMaxLength(3).IsRequired();
            account.Property(a => a.OpenedAt).HasConversion(Ticks);
            account.Property(a => a.Version).IsConcurrencyToken();
            account.Ignore(a => a.Money);
            account.Ignore(a => a.AllowsOverdraft);
            account.ToTable(t => t.HasCheckConstraint("ck_accounts_balance", "\"Balance\" >= 0 OR \"Kind\" = 'Funding'"));
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => e.TransferId);
            entry.HasIndex(e => e.AccountId);
            entry.Property(e => e.Direction).HasConversion<string>().HasMaxLength(8);
            entry.Property(e => e.Currency).HasMaxLength(3).IsRequired();
            entry.Property(e => e.Reference).HasMaxLength(200).IsRequired();
            entry.Property(e => e.CreatedAt).HasConversion(Ticks);
            entry.ToTable(t => t.HasCheckConstraint("ck_ledger_entries_amount", "\"Amount\" > 0"));
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.OrderId);
            payment.Property(p => p.OrderId).HasMaxLength(128);
            payment.Property(p => p.Currency).HasMaxLength(3).IsRequired();
            // A token, so that a settlement and a refund that read the same capture cannot both be saved: the later
            // one retries and sees the other's outcome.
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            payment.Property(p => p.CreatedAt).HasConversion(Ticks);
            payment.Property(p => p.RefundedAt).HasConversion(Ticks);
            payment.Ignore(p => p.Money);
            payment.HasIndex(p => p.Status);
        });

    }
}

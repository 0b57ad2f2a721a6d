using Atrium.Chassis.Data.Eventing;
using Atrium.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Atrium.Identity.Infrastructure;

/// <summary>The identity database: users, refresh tokens, and the outbox of events they raise.</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox().AddInbox();
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.Email).HasMaxLength(254).IsRequired();
            user.Property(u => u.PasswordHash).IsRequired();
            user.Ignore(u => u.Roles);
            user.Property<List<string>>("_roles")
                .HasColumnName("roles")
                .HasConversion(
                    roles => string.Join(',', roles),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), r => string.Join(',', r).GetHashCode(StringComparison.Ordinal), r => r.ToList()));
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Id);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            // Two concurrent refreshes with one token: only the first update of UsedAt wins; the other is reuse.
            token.Property(t => t.UsedAt).IsConcurrencyToken();
        });
    }
}

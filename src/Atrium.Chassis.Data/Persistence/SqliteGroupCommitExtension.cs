using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// Carries the database owner's <see cref="SqliteGroupCommit"/> in a context's options, where
/// <see cref="WriteTransaction"/> finds it: the writers get the group commit with the context they are handed.
/// </summary>
internal sealed class SqliteGroupCommitExtension(SqliteGroupCommit groupCommit) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public SqliteGroupCommit GroupCommit { get; } = groupCommit;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <summary>The group commit <paramref name="db"/>'s options carry, or null for a context configured without one.</summary>
    public static SqliteGroupCommit? Find(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<SqliteGroupCommitExtension>()?.GroupCommit;

    public void ApplyServices(IServiceCollection services)
    {
        // Nothing for EF Core's own container: the group commit is read from the options.
    }

    public void Validate(IDbContextOptions options)
    {
    }

    // One group commit or another changes nothing in EF Core's services, so contexts of different owners share its
    // internal service provider.
    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}

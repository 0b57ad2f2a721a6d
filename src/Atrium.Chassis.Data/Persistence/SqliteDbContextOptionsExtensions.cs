using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>How modules open their embedded SQLite databases.</summary>
public static class SqliteDbContextOptionsExtensions
{
    /// <summary>
    /// <c>UseSqlite</c> with the pragmas of <see cref="SqlitePragmas"/> applied to every connection
    /// (<c>synchronous=NORMAL</c>, a 10 s busy timeout). Turn on WAL once when the schema is created. Write
    /// transactions of such a context run one by one, each its own; a module's contexts also carry their file's group
    /// commit, which batches them.
    /// </summary>
    public static DbContextOptionsBuilder UseAtriumSqlite(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance);
    }

    /// <summary>
    /// <see cref="UseAtriumSqlite(DbContextOptionsBuilder, string)"/> whose write transactions join
    /// <paramref name="groupCommit"/>, the database owner's group commit of the file.
    /// </summary>
    internal static DbContextOptionsBuilder UseAtriumSqlite(this DbContextOptionsBuilder builder, string connectionString, SqliteGroupCommit groupCommit)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder.UseAtriumSqlite(connectionString)).AddOrUpdateExtension(new SqliteGroupCommitExtension(groupCommit));
        return builder;
    }
}

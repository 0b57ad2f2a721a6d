using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>How modules open their embedded SQLite databases.</summary>
public static class SqliteDbContextOptionsExtensions
{
    /// <summary>
    /// <c>UseSqlite</c> with the pragmas of <see cref="SqlitePragmas"/> applied to every connection
    /// (<c>synchronous=NORMAL</c>, a 10 s busy timeout). Turn on WAL once when the schema is created.
    /// </summary>
    public static DbContextOptionsBuilder UseAtriumSqlite(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance);
    }
}

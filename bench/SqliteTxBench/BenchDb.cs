using Microsoft.EntityFrameworkCore;

/// <summary>One table of small rows.</summary>
internal sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    public DbSet<BenchRow> Rows => Set<BenchRow>();
}

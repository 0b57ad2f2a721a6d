using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>Where the read model (<see cref="OrderReadDbContext"/>) is stored, from the ordering section's database settings.</summary>
internal static class ReadModelDatabase
{
    /// <summary>The SQLite file of the read model inside <c>host.dataDirectory</c> when no connection string is configured.</summary>
    public const string File = "ordering-read.db";

    /// <summary>
    /// The connection string to pass for the read model: on PostgreSQL the module's own (its tables sit beside the
    /// orders); on SQLite empty (<see cref="File"/> in the data directory) when the ordering one is empty, else the
    /// configured file's sibling with <c>-read</c> before its extension, so that each file keeps its own writer.
    /// </summary>
    public static string ConnectionString(DatabaseProvider provider, string configured)
    {
        if (provider == DatabaseProvider.PostgreSql || string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var builder = new SqliteConnectionStringBuilder(configured);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return configured;
        }

        var name = Path.GetFileNameWithoutExtension(source) + "-read" + Path.GetExtension(source);
        builder.DataSource = Path.Combine(Path.GetDirectoryName(source) ?? "", name);
        return builder.ConnectionString;
    }
}

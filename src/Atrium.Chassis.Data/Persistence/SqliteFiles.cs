using Atrium.Chassis.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// Makes a module's SQLite file owner-only before SQLite first opens it. SQLite creates a missing database file with
/// the process's umask (0644 as a rule) and gives its <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files the database
/// file's own mode, so the file is created empty as 0600 here (SQLite takes an empty file for a new database); an
/// existing one, and those companions, are tightened.
/// </summary>
internal static class SqliteFiles
{
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    public static void Prepare(string connectionString, ILogger logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (OperatingSystem.IsWindows() || DatabasePath(builder) is not { } path)
        {
            return;
        }

        // A missing directory is SQLite's to report, as before.
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            return;
        }

        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            OwnerOnly.CreateFile(path, logger);
        }
        else if (File.Exists(path))
        {
            OwnerOnly.Tighten(path, logger);
        }

        foreach (var suffix in Companions)
        {
            if (File.Exists(path + suffix))
            {
                OwnerOnly.Tighten(path + suffix, logger);
            }
        }
    }

    // The file a connection string names, or null for an in-memory database or a form SQLite resolves itself (a
    // file: URI, |DataDirectory|).
    private static string? DatabasePath(SqliteConnectionStringBuilder builder)
    {
        var source = builder.DataSource;
        return string.IsNullOrEmpty(source)
            || source == ":memory:"
            || builder.Mode == SqliteOpenMode.Memory
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || source.Contains('|', StringComparison.Ordinal)
            ? null
            : Path.GetFullPath(source);
    }
}

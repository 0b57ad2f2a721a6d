using System.Runtime.Versioning;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Microsoft.Data.Sqlite;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Persistence;

[UnsupportedOSPlatform("windows")]
public sealed class SqliteFilesTests : IDisposable
{
    // A umask of 077 would make files 0600 whatever the product asked for: the mode checks below could not fail.
    static SqliteFilesTests() => OpenUmask.Ensure();

    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-sqlite-files-").FullName;
    private readonly ListLogger<SqliteFilesTests> _logger = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Prepare_NewFile_SqliteKeepsItAndItsWalAndShmOwnerOnly()
    {
        var file = Path.Combine(_directory, "ledger.db");
        var connectionString = $"Data Source={file}";

        SqliteFiles.Prepare(connectionString, _logger);
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE entries (id INTEGER PRIMARY KEY); INSERT INTO entries VALUES (1);";
            await command.ExecuteNonQueryAsync();

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.GetUnixFileMode(path).ShouldBe(OwnerOnly.FilePermissions, path);
            }
        }

        _logger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Prepare_ExistingFileAndCompanionsOpenToOthers_TightensEach()
    {
        var file = Path.Combine(_directory, "ledger.db");
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.WriteAllText(path, "");
            File.SetUnixFileMode(path, OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        SqliteFiles.Prepare($"Data Source={file};Default Timeout=30", _logger);

        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.GetUnixFileMode(path).ShouldBe(OwnerOnly.FilePermissions, path);
        }

        _logger.Entries.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory")]
    [InlineData("Data Source={0}/missing/ledger.db")]
    public void Prepare_InMemoryOrInAMissingDirectory_CreatesNothing(string connectionString)
    {
        SqliteFiles.Prepare(string.Format(System.Globalization.CultureInfo.InvariantCulture, connectionString, _directory), _logger);

        Directory.GetFileSystemEntries(_directory).ShouldBeEmpty();
        File.Exists("shared").ShouldBeFalse();
    }
}

using System.Runtime.Versioning;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Hosting;

[UnsupportedOSPlatform("windows")]
public sealed class OwnerOnlyTests : IDisposable
{
    // A umask of 077 would make files 0600 whatever the product asked for: the mode checks below could not fail.
    static OwnerOnlyTests() => OpenUmask.Ensure();

    private const UnixFileMode OpenDirectory = OwnerOnly.DirectoryPermissions | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode OpenFile = OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"atrium-owner-only-{Guid.NewGuid():N}");
    private readonly ListLogger<OwnerOnlyTests> _logger = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void CreateDirectory_Missing_CreatesItOwnerOnlyWithoutLogging()
    {
        var data = Path.Combine(_root, "nested", "data");

        OwnerOnly.CreateDirectory(data, _logger);

        File.GetUnixFileMode(data).ShouldBe(OwnerOnly.DirectoryPermissions);
        _logger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void CreateDirectory_ExistingOpenToOthers_TightensItAloneAndLogsOnce()
    {
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, OpenDirectory);
        // A shared data directory (or "."): what else is in it is not Atrium's to change.
        var unrelated = Path.Combine(_root, "notes.txt");
        File.WriteAllText(unrelated, "");
        File.SetUnixFileMode(unrelated, OpenFile);

        OwnerOnly.CreateDirectory(_root, _logger);
        OwnerOnly.CreateDirectory(_root, _logger);

        File.GetUnixFileMode(_root).ShouldBe(OwnerOnly.DirectoryPermissions);
        File.GetUnixFileMode(unrelated).ShouldBe(OpenFile);
        _logger.Entries.Select(e => e.Message).ShouldBe([$"Module data {_root} was open to other users (0755); changed it to 0700, owner only"]);
    }

    [Fact]
    public void WriteFile_MoveFails_LeavesNoTemporaryFile()
    {
        Directory.CreateDirectory(_root);
        // A directory where the file should go: the rename into place fails after the temporary file was written.
        var target = Path.Combine(_root, "key.pem");
        Directory.CreateDirectory(target);

        Should.Throw<IOException>(() => OwnerOnly.WriteFile(target, "secret", overwrite: true));

        Directory.GetFiles(_root).ShouldBeEmpty();
    }

    [Fact]
    public void WriteFile_LeftoverOfAnotherWriter_IsNotItsTemporaryFile()
    {
        Directory.CreateDirectory(_root);
        var key = Path.Combine(_root, "key.pem");
        // What a writer that shared a fixed temporary name would be halfway through.
        File.WriteAllText(key + ".tmp", "half");

        OwnerOnly.WriteFile(key, "whole", overwrite: false);

        File.ReadAllText(key).ShouldBe("whole");
        File.ReadAllText(key + ".tmp").ShouldBe("half");
    }

    [Fact]
    public void WriteFile_NewFile_IsOwnerOnlyAndKeepsAnExistingOneUnlessOverwriting()
    {
        Directory.CreateDirectory(_root);
        var key = Path.Combine(_root, "key.pem");

        OwnerOnly.WriteFile(key, "first", overwrite: false);

        File.GetUnixFileMode(key).ShouldBe(OwnerOnly.FilePermissions);
        Should.Throw<IOException>(() => OwnerOnly.WriteFile(key, "second", overwrite: false));
        File.ReadAllText(key).ShouldBe("first");
        OwnerOnly.WriteFile(key, "third", overwrite: true);
        File.ReadAllText(key).ShouldBe("third");
        Directory.GetFiles(_root).ShouldBe([key]);
    }
}

using System.Runtime.Versioning;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Security;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Security;

[UnsupportedOSPlatform("windows")]
public sealed class ClientSecretTests : IDisposable
{
    // A umask of 077 would make files 0600 whatever the product asked for: the mode checks below could not fail.
    static ClientSecretTests() => OpenUmask.Ensure();

    private const string Key = "identity.clients[0].secretFile";

    private readonly string _data = Path.Combine(Path.GetTempPath(), $"atrium-client-secret-{Guid.NewGuid():N}");
    private readonly ListLogger<ClientSecretTests> _logger = new();

    public ClientSecretTests() => OwnerOnly.CreateDirectory(_data, _logger);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Resolve_MissingFile_CreatesARandomSecretOwnerOnlyUnderTheDataDirectory()
    {
        var secret = ClientSecret.Resolve("", "service-secrets/ordering", _data, Key, _logger);

        var path = Path.Combine(_data, "service-secrets", "ordering");
        File.ReadAllText(path).ShouldBe(secret + "\n");
        secret.Length.ShouldBe(43);
        File.GetUnixFileMode(path).ShouldBe(OwnerOnly.FilePermissions);
        File.GetUnixFileMode(Path.GetDirectoryName(path)!).ShouldBe(OwnerOnly.DirectoryPermissions);
        _logger.Entries.Select(e => e.Message).ShouldBe([$"Generated a service client secret into {path} (owner-only)"]);
        ClientSecret.Resolve("", "service-secrets/ordering", _data, Key, _logger).ShouldBe(secret);
    }

    [Fact]
    public async Task Resolve_ManyAtOnceOnAMissingFile_AllGetTheOneThatWasWritten()
    {
        var path = Path.Combine(_data, "shared-secret");
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return ClientSecret.Resolve("", path, "/nonexistent", Key, _logger);
        })).ToList();

        start.Set();
        var secrets = await Task.WhenAll(racers);

        secrets.Distinct().ShouldHaveSingleItem().ShouldBe(File.ReadAllText(path).TrimEnd());
        Directory.GetFiles(_data).ShouldBe([path]);
    }

    [Fact]
    public void Resolve_InlineSecret_WinsOverTheFile()
    {
        ClientSecret.Resolve("inline-secret-0123456789", "service-secrets/ordering", _data, Key, _logger).ShouldBe("inline-secret-0123456789");

        File.Exists(Path.Combine(_data, "service-secrets", "ordering")).ShouldBeFalse();
    }

    [Fact]
    public void Resolve_ExistingFile_ItsContentWithoutTheLineEnd()
    {
        var path = Path.Combine(_data, "given");
        File.WriteAllText(path, "a-secret-made-elsewhere\n");

        ClientSecret.Resolve("", path, "/nonexistent", Key, _logger).ShouldBe("a-secret-made-elsewhere");
    }

    [Fact]
    public void Resolve_FileWithTooShortASecret_NamesKeyFileAndLengthButNotTheSecret()
    {
        var path = Path.Combine(_data, "short");
        File.WriteAllText(path, "tiny-secret\n");

        var error = Should.Throw<InvalidOperationException>(() => ClientSecret.Resolve("", path, _data, Key, _logger));

        error.Message.ShouldBe($"{Key}: '{path}' holds a secret of 11 characters; it needs at least 16 (delete the file to have a new one made)");
    }

    [Fact]
    public void Resolve_OwnFileOpenToOthers_TightensIt()
    {
        var path = Path.Combine(_data, "service-secrets", "ordering");
        var secret = ClientSecret.Resolve("", "service-secrets/ordering", _data, Key, _logger);
        File.SetUnixFileMode(path, OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        ClientSecret.Resolve("", "service-secrets/ordering", _data, Key, _logger).ShouldBe(secret);

        File.GetUnixFileMode(path).ShouldBe(OwnerOnly.FilePermissions);
    }
}

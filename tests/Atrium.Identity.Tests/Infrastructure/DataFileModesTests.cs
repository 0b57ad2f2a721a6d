using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Atrium.Chassis.Hosting;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Infrastructure;

/// <summary>
/// The data directory holds password hashes, refresh-token hashes and the signing key: after a real start, nothing in
/// it may be open to group or others. In the variable's collection so that the administrator's password is generated
/// (and its file written).
/// </summary>
[Collection(AdminPasswordVariableCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class DataFileModesTests
{
    // A umask of 077 would make files 0600 whatever the product asked for: the mode checks below could not fail.
    static DataFileModesTests() => OpenUmask.Ensure();

    private static readonly string[] Files =
    [
        IdentityModule.DatabaseFile,
        IdentityModule.DatabaseFile + "-wal",
        IdentityModule.DatabaseFile + "-shm",
        IdentityModule.SigningKeyFile,
        IdentityModule.AdminPasswordFile,
    ];

    [Fact]
    public async Task Start_NewDataDirectory_CreatesItAndEveryFileOwnerOnly()
    {
        await using var host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        await RegisterAsync(host);

        AssertOwnerOnly(host.DataDirectory);
    }

    [Fact]
    public async Task Start_DataDirectoryAndFilesOpenToOthers_TightensThem()
    {
        var data = Path.Combine(Path.GetTempPath(), $"atrium-identity-modes-{Guid.NewGuid():N}");
        try
        {
            await using (var first = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data))
            {
                await RegisterAsync(first);
                // As an older version left them: the directory 0755, the files 0644.
                File.SetUnixFileMode(data, OwnerOnly.DirectoryPermissions | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                foreach (var file in Directory.GetFiles(data).Append(Path.Combine(data, "service-secrets", "ordering")))
                {
                    File.SetUnixFileMode(file, OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }

            await using var second = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data);
            await RegisterAsync(second);

            AssertOwnerOnly(data);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task RegisterAsync(ModuleTestHost host)
    {
        using var client = host.Client();
        using var response = await client.PostAsJsonAsync("/api/identity/users", new { email = $"user-{Guid.NewGuid():N}@example.com", password = "correct horse battery" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static void AssertOwnerOnly(string data)
    {
        File.GetUnixFileMode(data).ShouldBe(OwnerOnly.DirectoryPermissions);
        foreach (var name in Files)
        {
            var path = Path.Combine(data, name);
            File.Exists(path).ShouldBeTrue(name);
            File.GetUnixFileMode(path).ShouldBe(OwnerOnly.FilePermissions, name);
        }

        Directory.GetFiles(data).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(Files.Order(StringComparer.Ordinal));
        // The default service client's secret, made at start.
        File.GetUnixFileMode(Path.Combine(data, "service-secrets")).ShouldBe(OwnerOnly.DirectoryPermissions);
        File.GetUnixFileMode(Path.Combine(data, "service-secrets", "ordering")).ShouldBe(OwnerOnly.FilePermissions);
    }
}

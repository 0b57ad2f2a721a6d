using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Atrium.Chassis.Hosting;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Tests.Infrastructure;

[Collection(AdminPasswordVariableCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class AdminBootstrapperTests
{
    // A umask of 077 would make files 0600 whatever the product asked for: the mode checks below could not fail.
    static AdminBootstrapperTests() => OpenUmask.Ensure();

    private const string Variable = "ATRIUM_ADMIN_PASSWORD";

    [Fact]
    public async Task Start_WithAdminPasswordVariable_AdminSignsInWithTheAdminRole()
    {
        var password = "admin-" + Guid.NewGuid().ToString("N");
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.com";
        Environment.SetEnvironmentVariable(Variable, password);
        try
        {
            await using var host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, $"adminEmail: {adminEmail}");

            (await AdminRolesAsync(host, adminEmail, password)).ShouldBe(["customer", "admin"]);
            File.Exists(Path.Combine(host.DataDirectory, IdentityModule.AdminPasswordFile)).ShouldBeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(129)]
    public async Task Start_AdminPasswordVariableBreaksThePolicy_RefusesToStartNamingTheVariableAndTheRule(int length)
    {
        var data = Path.Combine(Path.GetTempPath(), $"atrium-identity-admin-{Guid.NewGuid():N}");
        var password = new string('q', length);
        Environment.SetEnvironmentVariable(Variable, password);
        try
        {
            var refused = await Should.ThrowAsync<InvalidOperationException>(
                () => ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data));

            refused.Message.ShouldStartWith("ATRIUM_ADMIN_PASSWORD: must be 8 to 128 characters");
            refused.Message.ShouldNotContain(password);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Start_WithoutAdminPasswordVariable_WritesTheGeneratedPasswordToAnOwnerOnlyFileAndLogsOnlyItsPath()
    {
        var logs = new CapturingLoggerProvider();
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.com";
        await using var host = await ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section,
            context => IdentityModule.Init(context, services => services.AddSingleton<ILoggerProvider>(logs)),
            $"adminEmail: {adminEmail}");
        var file = Path.Combine(host.DataDirectory, IdentityModule.AdminPasswordFile);

        var password = (await File.ReadAllTextAsync(file)).TrimEnd('\n');

        File.GetUnixFileMode(file).ShouldBe(OwnerOnly.FilePermissions);
        (await AdminRolesAsync(host, adminEmail, password)).ShouldBe(["customer", "admin"]);
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains(file, StringComparison.Ordinal));
        logs.Entries.ShouldNotContain(e => e.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AdministratorNotSaved_LeavesNoGeneratedPasswordFile()
    {
        var data = Path.Combine(Path.GetTempPath(), $"atrium-identity-admin-{Guid.NewGuid():N}");
        try
        {
            // A first start makes the schema; then the database refuses every new user, as a failing save would.
            Environment.SetEnvironmentVariable(Variable, "admin-" + Guid.NewGuid().ToString("N"));
            await using (var first = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data))
            {
            }

            Environment.SetEnvironmentVariable(Variable, null);
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, IdentityModule.DatabaseFile)}"))
            {
                await connection.OpenAsync();
                await using var trigger = connection.CreateCommand();
                trigger.CommandText = "CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'refused'); END";
                await trigger.ExecuteNonQueryAsync();
            }

            await Should.ThrowAsync<Exception>(() => ModuleTestHost.StartAsync<IdentityOptions>(
                IdentityOptions.Section, IdentityModule.Init, $"adminEmail: admin-{Guid.NewGuid():N}@example.com", dataDirectory: data));

            File.Exists(Path.Combine(data, IdentityModule.AdminPasswordFile)).ShouldBeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string?[]> AdminRolesAsync(ModuleTestHost host, string email, string password)
    {
        using var client = host.Client();
        using var token = await client.PostAsJsonAsync("/api/identity/token", new { email, password });
        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        var access = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        using var me = await client.SendAsync(request);
        return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray();
    }
}

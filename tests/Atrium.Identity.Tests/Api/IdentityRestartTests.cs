using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Api;

public sealed class IdentityRestartTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_KeepsUsersAndTheSigningKey()
    {
        var data = Path.Combine(Path.GetTempPath(), $"atrium-identity-restart-{Guid.NewGuid():N}");
        try
        {
            string access;
            await using (var first = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data))
            {
                using var client = first.Client();
                (await client.PostAsJsonAsync("/api/identity/users", new { email = "kept@example.com", password = "correct horse battery" })).EnsureSuccessStatusCode();
                using var token = await client.PostAsJsonAsync("/api/identity/token", new { email = "kept@example.com", password = "correct horse battery" });
                access = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
            }

            await using var second = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, dataDirectory: data);
            using var again = second.Client();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);

            using var me = await again.SendAsync(request);

            me.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString().ShouldBe("kept@example.com");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Api;

/// <summary>
/// Races over HTTP on one account and one refresh token; the subclasses run them on each database engine identity can
/// use.
/// </summary>
public abstract class IdentityConcurrencyTests : IAsyncLifetime
{
    // As many wrong passwords as the limit: the account locks only if every one of them is counted.
    private const int LockoutLimit = 20;
    private const string Password = "correct horse battery";

    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section, IdentityModule.Init, $"lockoutMaxFailedAttempts: {LockoutLimit}\n{await DatabaseYamlAsync()}");
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The <c>provider</c> and <c>connectionString</c> lines of the identity section.</summary>
    protected abstract Task<string> DatabaseYamlAsync();

    [Fact]
    public async Task Token_TwentyParallelWrongPasswords_LockTheAccount()
    {
        var email = await RegisterAsync();

        var failures = await Task.WhenAll(Enumerable.Range(0, LockoutLimit).Select(_ => PostAsync("/api/identity/token", new { email, password = "wrong password!" })));

        failures.ShouldAllBe(f => f.Status == HttpStatusCode.Unauthorized);
        var locked = await PostAsync("/api/identity/token", new { email, password = Password });
        locked.Status.ShouldBe(HttpStatusCode.Unauthorized);
        locked.Body.GetProperty("code").GetString().ShouldBe("AUTH_FAILED");
        locked.Body.GetProperty("detail").GetString().ShouldBe(failures[0].Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refresh_EightParallelWithOneToken_OneWinsAndTheFamilyIsRevoked()
    {
        var email = await RegisterAsync();
        var signIn = await PostAsync("/api/identity/token", new { email, password = Password });
        signIn.Status.ShouldBe(HttpStatusCode.OK);
        var token = signIn.Body.GetProperty("refresh_token").GetString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync("/api/identity/token/refresh", new { refresh_token = token })));

        var winner = answers.Where(a => a.Status == HttpStatusCode.OK).ShouldHaveSingleItem();
        var losers = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        losers.Count.ShouldBe(7);
        losers.ShouldAllBe(a => a.Status == HttpStatusCode.Unauthorized
            && a.Body.GetProperty("code").GetString() == "AUTH_FAILED"
            && a.Body.GetProperty("detail").GetString() == "The refresh token was already used; its sessions are revoked.");
        var successor = await PostAsync("/api/identity/token/refresh", new { refresh_token = winner.Body.GetProperty("refresh_token").GetString() });
        successor.Status.ShouldBe(HttpStatusCode.Unauthorized);
        successor.Body.GetProperty("code").GetString().ShouldBe("AUTH_FAILED");
    }

    private async Task<string> RegisterAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        (await PostAsync("/api/identity/users", new { email, password = Password })).Status.ShouldBe(HttpStatusCode.Created);
        return email;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var response = await _client.PostAsJsonAsync(path, body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Identity.Tests;

/// <summary>The live keys of <see cref="IdentityOptions"/> changed in the file of a running module and reloaded.</summary>
public sealed class IdentityOptionsReloadTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section, IdentityModule.Init, "lockoutMaxFailedAttempts: 5", configFile: true);
        _client = _host.Client();
        // A module that has served before the reload: what it built on its first requests must follow the reload.
        using var served = await SignInAfterFailuresAsync(failures: 0);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task ReloadAsync_LowerLockoutLimit_LocksAfterFewerFailures()
    {
        var result = await _host.ReloadAsync("lockoutMaxFailedAttempts: 2");

        result.Succeeded.ShouldBeTrue();
        result.ChangedKeys.ShouldBe(["identity.lockoutMaxFailedAttempts"]);
        using var signIn = await SignInAfterFailuresAsync(failures: 2);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReloadAsync_RestartOnlyKeyBesideLiveKey_ReportsItAndKeepsItsRunningValue()
    {
        var result = await _host.ReloadAsync("lockoutMaxFailedAttempts: 5\nissuer: elsewhere\naccessTokenLifetime: 2m");

        result.Succeeded.ShouldBeTrue();
        result.ChangedKeys.ShouldBe(["identity.accessTokenLifetime"]);
        result.RestartRequiredKeys.ShouldBe(["identity.issuer"]);
        _host.Store.LastReload.RestartRequiredKeys.ShouldBe(["identity.issuer"]);
        using var signIn = await SignInAfterFailuresAsync(failures: 0);
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tokens = await signIn.Content.ReadFromJsonAsync<JsonElement>();
        tokens.GetProperty("expires_in").GetInt32().ShouldBe(120);
        new JsonWebToken(tokens.GetProperty("access_token").GetString()).Issuer.ShouldBe("atrium");
    }

    [Fact]
    public async Task ReloadAsync_InvalidLiveValue_RefusedAndLastGoodKept()
    {
        (await _host.ReloadAsync("lockoutMaxFailedAttempts: 2")).Succeeded.ShouldBeTrue();

        var refused = await _host.ReloadAsync("lockoutMaxFailedAttempts: 0");

        refused.Succeeded.ShouldBeFalse();
        refused.Errors.Select(e => e.Path).ShouldBe(["identity.lockoutMaxFailedAttempts"]);
        _host.Store.LastReload.Succeeded.ShouldBeFalse();
        using var signIn = await SignInAfterFailuresAsync(failures: 2);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Registers a user, fails to sign in <paramref name="failures"/> times, then signs in with the right password.</summary>
    private async Task<HttpResponseMessage> SignInAfterFailuresAsync(int failures)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        using (var registered = await _client.PostAsJsonAsync("/api/identity/users", new { email, password = Password }))
        {
            registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        for (var i = 0; i < failures; i++)
        {
            using var failed = await _client.PostAsJsonAsync("/api/identity/token", new { email, password = "wrong password!" });
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        return await _client.PostAsJsonAsync("/api/identity/token", new { email, password = Password });
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Identity.Domain;
using Atrium.Identity.Tests.Application;
using Atrium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Identity.Tests.Api;

/// <summary>
/// A sign-in must not tell an unknown email, a wrong password and a locked account apart: not by its answer, and not by
/// its time, which PBKDF2 dominates, so each path verifies one hash of the same cost.
/// </summary>
public sealed class SignInAnswerTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private readonly CountingPasswordHasher _hasher = new();
    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section,
            context => IdentityModule.Init(context, services => services.AddSingleton<IPasswordHasher<User>>(_hasher)),
            "lockoutMaxFailedAttempts: 2");
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Token_LockedAccountUnknownEmailOrWrongPassword_GetTheSameAnswer()
    {
        var locked = await LockedAccountAsync();
        var registered = await RegisterAsync();

        var answers = new[]
        {
            await SignInAsync(locked, Password),
            // The right password during the lockout did not lift it.
            await SignInAsync(locked, Password),
            await SignInAsync($"nobody-{Guid.NewGuid():N}@example.com", Password),
            await SignInAsync(registered, "wrong password!"),
        };

        answers.Select(a => a.Status).Distinct().ShouldBe([HttpStatusCode.Unauthorized]);
        answers.Select(a => a.ContentType).Distinct().ShouldBe(["application/problem+json"]);
        foreach (var field in new[] { "type", "title", "status", "code", "detail" })
        {
            answers.Select(a => a.Body.GetProperty(field).GetRawText()).Distinct().Count().ShouldBe(1, field);
        }

        answers[0].Body.GetProperty("code").GetString().ShouldBe("AUTH_FAILED");
    }

    [Fact]
    public async Task Token_EachPath_VerifiesOneHashOfTheSameCost()
    {
        var locked = await LockedAccountAsync();
        var registered = await RegisterAsync();
        var cost = CountingPasswordHasher.Iterations(new PasswordHasher<User>().HashPassword(null!, Password));
        var paths = new (string Name, string Email, string Password)[]
        {
            ("locked, right password", locked, Password),
            ("locked, wrong password", locked, "wrong password!"),
            ("unknown email", $"nobody-{Guid.NewGuid():N}@example.com", Password),
            ("wrong password", registered, "wrong password!"),
            ("right password", registered, Password),
        };

        foreach (var (name, email, password) in paths)
        {
            _hasher.Verified.Clear();

            await SignInAsync(email, password);

            _hasher.Verified.ToArray().ShouldBe([cost], name);
        }
    }

    private async Task<string> LockedAccountAsync()
    {
        var email = await RegisterAsync();
        for (var i = 0; i < 2; i++)
        {
            (await SignInAsync(email, "wrong password!")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        return email;
    }

    private async Task<string> RegisterAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        using var response = await _client.PostAsJsonAsync("/api/identity/users", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return email;
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> SignInAsync(string email, string password)
    {
        using var response = await _client.PostAsJsonAsync("/api/identity/token", new { email, password });
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Tests.Api;

public sealed class IdentityApiTests : IAsyncLifetime
{
    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, "lockoutMaxFailedAttempts: 3\naccessTokenLifetime: 10m");
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    private Task<HttpResponseMessage> RegisterAsync(string email, string password = "correct horse battery") =>
        _client.PostAsJsonAsync("/api/identity/users", new { email, password });

    private async Task<JsonElement> SignInAsync(string email, string password = "correct horse battery")
    {
        using var response = await _client.PostAsJsonAsync("/api/identity/token", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe(code);
        return problem;
    }

    [Fact]
    public async Task Register_NewEmail_Returns201WithIdAndEmail()
    {
        var email = NewEmail();

        using var response = await RegisterAsync(email.ToUpperInvariant());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "email"]);
        body.GetProperty("email").GetString().ShouldBe(email);
        response.Headers.Location!.ToString().ShouldBe($"/api/identity/users/{body.GetProperty("id").GetGuid()}");
    }

    [Fact]
    public async Task Register_SameEmailOtherCase_Returns409Conflict()
    {
        var email = NewEmail();
        (await RegisterAsync(email)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var again = await RegisterAsync(email.ToUpperInvariant());

        await ProblemAsync(again, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Register_InvalidFields_Returns400ListingEachField()
    {
        using var response = await _client.PostAsJsonAsync("/api/identity/users", new { email = "not-an-email", password = "short" });

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.GetProperty("email")[0].GetString().ShouldBe("is not an email address");
        errors.GetProperty("password")[0].GetString().ShouldBe("must be 8 to 128 characters");
    }

    [Fact]
    public async Task Register_MalformedJson_Returns400BadRequest()
    {
        using var content = new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync("/api/identity/users", content);

        await ProblemAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Token_RightPassword_ReturnsBearerTokenPair()
    {
        var email = NewEmail();
        await RegisterAsync(email);

        var token = await SignInAsync(email);

        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("expires_in").GetInt32().ShouldBe(600);
        token.GetProperty("access_token").GetString()!.Split('.').Length.ShouldBe(3);
        token.GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Token_WrongPasswordOrUnknownEmail_Returns401AuthFailed()
    {
        var email = NewEmail();
        await RegisterAsync(email);

        using var wrongPassword = await _client.PostAsJsonAsync("/api/identity/token", new { email, password = "wrong password!" });
        using var unknownEmail = await _client.PostAsJsonAsync("/api/identity/token", new { email = NewEmail(), password = "wrong password!" });

        await ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "AUTH_FAILED");
        await ProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Token_AfterTheLockoutLimit_RefusesEvenTheRightPassword()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        for (var i = 0; i < 3; i++)
        {
            using var failed = await _client.PostAsJsonAsync("/api/identity/token", new { email, password = "wrong password!" });
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var locked = await _client.PostAsJsonAsync("/api/identity/token", new { email, password = "correct horse battery" });

        (await ProblemAsync(locked, HttpStatusCode.Unauthorized, "AUTH_FAILED")).GetProperty("detail").GetString()
            .ShouldBe("Wrong email or password, or too many failed sign-ins; try again later.");
    }

    [Fact]
    public async Task Refresh_ValidToken_RotatesAndReuseRevokesTheFamily()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var first = (await SignInAsync(email)).GetProperty("refresh_token").GetString();

        using var rotated = await _client.PostAsJsonAsync("/api/identity/token/refresh", new { refresh_token = first });
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString();
        second.ShouldNotBe(first);

        using var reused = await _client.PostAsJsonAsync("/api/identity/token/refresh", new { refresh_token = first });
        await ProblemAsync(reused, HttpStatusCode.Unauthorized, "AUTH_FAILED");

        using var successor = await _client.PostAsJsonAsync("/api/identity/token/refresh", new { refresh_token = second });
        await ProblemAsync(successor, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Refresh_MissingToken_Returns400()
    {
        using var response = await _client.PostAsJsonAsync("/api/identity/token/refresh", new { });

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors").GetProperty("refresh_token")[0]
            .GetString().ShouldBe("is required");
    }

    [Fact]
    public async Task Me_WithAccessToken_ReturnsUserAndRoles()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var access = (await SignInAsync(email)).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);

        using var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("email").GetString().ShouldBe(email);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["customer"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not.a.token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Me_WithoutValidToken_Returns401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Me_WithTamperedToken_Returns401()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var access = (await SignInAsync(email)).GetProperty("access_token").GetString()!;
        var parts = access.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("customer", "admin", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        using var response = await _client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Jwks_PublishedKey_ValidatesAnIssuedToken()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var access = (await SignInAsync(email)).GetProperty("access_token").GetString();

        var jwks = new JsonWebKeySet(await _client.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(access, new TokenValidationParameters
        {
            ValidIssuer = "atrium",
            ValidAudience = "atrium",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        jwks.Keys.Single().Kty.ShouldBe("EC");
        ((JsonWebToken)result.SecurityToken).Alg.ShouldBe("ES256");
    }
}

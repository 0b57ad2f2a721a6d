using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Api;

/// <summary>
/// Registration's, sign-in's and refresh's bodies over HTTP against the real identity module: one strict reading of
/// JSON (the chassis's <c>JsonBody</c>), so that no body means one account to the gateway and another here.
/// </summary>
public sealed class IdentityBodyTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    private Task<HttpResponseMessage> PostRawAsync(string path, string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return _client.PostAsync(path, content);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> RegisterAsync(string email)
    {
        using var response = await _client.PostAsJsonAsync("/api/identity/users", new { email, password = Password });
        return response.StatusCode;
    }

    [Fact]
    public async Task Register_EmailTwice_Returns400NamingItAndRegistersNeither()
    {
        var (first, second) = (NewEmail(), NewEmail());

        using var response = await PostRawAsync("/api/identity/users", $$"""{"email":"{{first}}","password":"{{Password}}","Email":"{{second}}"}""");

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(["email"]);
        errors.GetProperty("email")[0].GetString().ShouldBe("appears more than once");
        (await RegisterAsync(first)).ShouldBe(HttpStatusCode.Created);
        (await RegisterAsync(second)).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Token_PasswordTwice_Returns400AndIssuesNoToken()
    {
        var email = NewEmail();
        (await RegisterAsync(email)).ShouldBe(HttpStatusCode.Created);

        using var response = await PostRawAsync("/api/identity/token", $$"""{"email":"{{email}}","password":"wrong password","password":"{{Password}}"}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        problem.GetProperty("errors").GetProperty("password")[0].GetString().ShouldBe("appears more than once");
        problem.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("/api/identity/users", """{"email":5,"password":"correct horse battery"}""", "email", "must be a string")]
    [InlineData("/api/identity/token", """{"email":"a@example.com","password":["x"]}""", "password", "must be a string")]
    [InlineData("/api/identity/token/refresh", """{"refresh_token":"a","refresh_token":"b"}""", "refresh_token", "appears more than once")]
    public async Task Post_MemberOfTheWrongTypeOrTwice_Returns400NamingTheMember(string path, string json, string member, string message)
    {
        using var response = await PostRawAsync(path, json);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe([member]);
        errors.GetProperty(member)[0].GetString().ShouldBe(message);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Register_BodyNotJson_Returns415AndRegistersNobody(string contentType)
    {
        var email = NewEmail();

        using var response = await PostRawAsync("/api/identity/users", $$"""{"email":"{{email}}","password":"{{Password}}"}""", contentType);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        (await RegisterAsync(email)).ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Token_BodyNotJson_Returns415(string contentType)
    {
        var email = NewEmail();
        (await RegisterAsync(email)).ShouldBe(HttpStatusCode.Created);

        using var response = await PostRawAsync("/api/identity/token", $$"""{"email":"{{email}}","password":"{{Password}}"}""", contentType);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Tests.Errors;

/// <summary><see cref="JsonBody"/> behind the error middleware on a real Kestrel listener: what the services' tests do not reach.</summary>
public sealed class JsonBodyTests : IAsyncLifetime
{
    private TestWebApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await TestWebApp.StartAsync(app =>
        {
            app.UseMiddleware<ErrorHandlingMiddleware>();
            app.MapPost("/echo", async (HttpRequest request) =>
                await JsonBody.ReadAsync<Odd>(request, request.HttpContext.RequestAborted) is { } odd ? Results.Json(odd, JsonBody.Options) : Results.NoContent());
            app.MapPost("/small", async (HttpRequest request) =>
                await JsonBody.ReadAsync<Odd>(request, maxBytes: 16, request.HttpContext.RequestAborted) is { } odd ? Results.Json(odd, JsonBody.Options) : Results.NoContent());
        });
        _client = new HttpClient { BaseAddress = _app.Address };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string contentType)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _client.PostAsync("/echo", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("""{"odd.name":3}""", HttpStatusCode.OK)]
    [InlineData("""{"odd.name":3}  """, HttpStatusCode.OK)]
    [InlineData("""{"odd.name":3}   """, HttpStatusCode.RequestEntityTooLarge)]
    public async Task ReadAsync_CallersCap_RefusesOneByteMore(string json, HttpStatusCode expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/small", content);

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task ReadAsync_JsonSuffixMediaType_IsRead()
    {
        var (status, body) = await PostAsync("""{"odd.name":3}""", "application/merge-patch+json");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("odd.name").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task ReadAsync_EmptyBody_ReadsAsNull()
    {
        var (status, _) = await PostAsync("", "application/json");

        status.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ReadAsync_MemberWithADotInItsNameTwice_NamesTheMember()
    {
        var (status, body) = await PostAsync("""{"odd.name":1,"ODD.NAME":2}""", "application/json");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").GetProperty("odd.name")[0].GetString().ShouldBe("appears more than once");
    }

    [Fact]
    public async Task ReadAsync_ArrayForTheBody_NamesTheBody()
    {
        var (status, body) = await PostAsync("[]", "application/json");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").GetProperty("$")[0].GetString().ShouldBe("must be an object");
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("text/json")]
    [InlineData("application/jsonx")]
    public async Task ReadAsync_NotUtf8Json_Returns415(string contentType)
    {
        var (status, body) = await PostAsync("""{"odd.name":1}""", contentType);

        status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        body.GetProperty("code").GetString().ShouldBe("UNSUPPORTED_MEDIA_TYPE");
    }

    private sealed record Odd([property: JsonPropertyName("odd.name")] int? Value);
}

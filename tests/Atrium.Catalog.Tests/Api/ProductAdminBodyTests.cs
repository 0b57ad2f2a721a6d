using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// The admin product API's bodies over HTTP against the real catalog: one strict reading of JSON, and names and
/// descriptions that display as what they are.
/// </summary>
public sealed class ProductAdminBodyTests(CatalogAdminFixture catalog) : IClassFixture<CatalogAdminFixture>
{
    private static string NewSku() => "SKU-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static string Product(string sku, string stock = "10", string name = "\"Trail mug\"") =>
        $$"""{"sku":"{{sku}}","name":{{name}},"description":"Enamel.","price":{"amount":1999,"currency":"USD"},"stock":{{stock}}}""";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int> CountAsync(string sku) =>
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?q={sku}")).GetProperty("total").GetInt32();

    private async Task<Guid> CreateAsync()
    {
        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", Product(NewSku()), catalog.AdminToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("name", "Mug \u202Egpj.exe")]
    [InlineData("name", "Mug\u0000")]
    [InlineData("name", "Mug \u2066x\u2069")]
    [InlineData("name", "Mug \u200F")]
    [InlineData("name", "Mug \u061C")]
    [InlineData("description", "Enamel\u0007")]
    [InlineData("description", "Enamel\u202A.")]
    [InlineData("description", "Line one\nline two")]
    [InlineData("description", "Enamel\u0085.")]
    public async Task Create_ControlOrBidiCharacter_Returns400AndCreatesNothing(string field, string text)
    {
        var sku = NewSku();
        var body = new Dictionary<string, object>
        {
            ["sku"] = sku, ["name"] = "Trail mug", ["description"] = "Enamel.", ["price"] = new { amount = 1999, currency = "USD" }, ["stock"] = 1,
        };
        body[field] = text;

        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", body, catalog.AdminToken);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString().ShouldBe("must not contain control characters or bidirectional formatting characters");
        (await CountAsync(sku)).ShouldBe(0);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Create_BodyNotJson_Returns415AndCreatesNothing(string contentType)
    {
        var sku = NewSku();

        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", Product(sku), catalog.AdminToken, contentType);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        (await CountAsync(sku)).ShouldBe(0);
    }

    [Theory]
    [InlineData("\"10\"", "\"Trail mug\"", "stock", "must be a whole number")]
    [InlineData("10", "\"Trail mug\",\"name\":\"Other\"", "name", "appears more than once")]
    [InlineData("10,\"Stock\":99", "\"Trail mug\"", "stock", "appears more than once")]
    [InlineData("10", "7", "name", "must be a string")]
    public async Task Create_BodyThatBindsTwoWaysOrToTheWrongType_Returns400NamingTheMember(string stock, string name, string field, string message)
    {
        var sku = NewSku();

        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", Product(sku, stock, name), catalog.AdminToken);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString().ShouldBe(message);
        (await CountAsync(sku)).ShouldBe(0);
    }

    [Fact]
    public async Task Create_PriceAmountAsString_Returns400NamingTheMember()
    {
        var sku = NewSku();
        var json = Product(sku).Replace("\"amount\":1999", "\"amount\":\"1999\"", StringComparison.Ordinal);

        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", json, catalog.AdminToken);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.GetProperty("price.amount")[0].GetString().ShouldBe("must be a whole number");
    }

    [Fact]
    public async Task Create_SomethingAfterTheBody_Returns400BadRequest()
    {
        var sku = NewSku();

        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", Product(sku) + "{}", catalog.AdminToken);

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST")).GetProperty("detail").GetString()!.ShouldStartWith("The body is not valid JSON");
        (await CountAsync(sku)).ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_BodyOverTheCap_Returns413AndCreatesNothing(bool chunked)
    {
        var sku = NewSku();
        // Valid JSON, a product that would be created: only its size is wrong.
        var json = new string(' ', JsonBody.DefaultMaxBytes) + Product(sku);
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        using HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalog/products") { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", catalog.AdminToken);
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await catalog.Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        (await CountAsync(sku)).ShouldBe(0);
    }

    [Fact]
    public async Task Create_BodyJustUnderTheCap_IsCreated()
    {
        var sku = NewSku();
        var json = Product(sku);
        json = new string(' ', JsonBody.DefaultMaxBytes - json.Length) + json;

        using var response = await catalog.SendRawAsync(HttpMethod.Post, "/api/catalog/products", json, catalog.AdminToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"onHand":"40"}""", "must be a whole number")]
    [InlineData("""{"onHand":40,"onHand":0}""", "appears more than once")]
    public async Task SetStock_BodyThatBindsTwoWaysOrToTheWrongType_Returns400AndKeepsTheStock(string json, string message)
    {
        var id = await CreateAsync();

        using var response = await catalog.SendRawAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", json, catalog.AdminToken);

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors").GetProperty("onHand")[0].GetString().ShouldBe(message);
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{id}")).GetProperty("available").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task SetStock_BodyNotJson_Returns415AndKeepsTheStock()
    {
        var id = await CreateAsync();

        using var response = await catalog.SendRawAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", """{"onHand":40}""", catalog.AdminToken, "text/plain");

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{id}")).GetProperty("available").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task Create_BadBodyWithoutToken_Returns401BeforeReadingIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalog/products") { Content = new StringContent("{\"sku\":", System.Text.Encoding.UTF8, "application/json") };

        using var response = await catalog.Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }
}

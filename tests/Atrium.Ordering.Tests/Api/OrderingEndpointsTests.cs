using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atrium.Ordering.Tests.Api;

/// <summary>The order API's bodies over HTTP against the real ordering module: one strict reading of JSON.</summary>
public sealed class OrderingEndpointsTests(OrderingApiFixture api) : IClassFixture<OrderingApiFixture>
{
    private static string Body(Guid product) => $$"""{"items":[{"productId":"{{product}}","quantity":1}]}""";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Place_BodyNotJson_Returns415AndPlacesNothing(string contentType)
    {
        var (token, user) = await api.NewCustomerAsync();
        var product = await api.Branches.NewProductAsync(stock: 5);

        using var response = await api.PlaceAsync(token, Guid.NewGuid().ToString("N"), Body(product), contentType);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        (await api.OrderCountAsync(user)).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":"2"}]}""", "items[0].quantity", "must be a whole number")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1,"quantity":900}]}""", "items[0].quantity", "appears more than once")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1,"Quantity":900}]}""", "items[0].quantity", "appears more than once")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1}],"items":[]}""", "items", "appears more than once")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1.5}]}""", "items[0].quantity", "must be a whole number")]
    [InlineData("""{"items":[{"productId":7,"quantity":1}]}""", "items[0].productId", "must be a UUID string")]
    [InlineData("""{"items":{"productId":"PRODUCT","quantity":1}}""", "items", "must be an array")]
    public async Task Place_BodyThatBindsTwoWaysOrToTheWrongType_Returns400NamingTheMemberAndKeepsTheKey(string json, string field, string message)
    {
        var (token, user) = await api.NewCustomerAsync();
        var product = await api.Branches.NewProductAsync(stock: 5);
        var key = Guid.NewGuid().ToString("N");

        using var response = await api.PlaceAsync(token, key, json.Replace("PRODUCT", product.ToString(), StringComparison.Ordinal));

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString().ShouldBe(message);
        (await api.OrderCountAsync(user)).ShouldBe(0);
        using var valid = await api.PlaceAsync(token, key, Body(product));
        valid.StatusCode.ShouldBe(HttpStatusCode.Accepted, await valid.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1}]} {"items":[]}""")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1}]}x""")]
    [InlineData("""{"items":[{"productId":"PRODUCT","quantity":1}""")]
    public async Task Place_NotOneJsonValue_Returns400BadRequest(string json)
    {
        var (token, user) = await api.NewCustomerAsync();
        var product = await api.Branches.NewProductAsync(stock: 5);

        using var response = await api.PlaceAsync(token, Guid.NewGuid().ToString("N"), json.Replace("PRODUCT", product.ToString(), StringComparison.Ordinal));

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST")).GetProperty("detail").GetString()!.ShouldStartWith("The body is not valid JSON");
        (await api.OrderCountAsync(user)).ShouldBe(0);
    }

    [Fact]
    public async Task OpenApi_PlaceOrder_DescribesTheJsonBody()
    {
        var document = await api.Client.GetFromJsonAsync<JsonElement>("/api/orders/openapi.json");

        var body = document.GetProperty("paths").GetProperty("/api/orders").GetProperty("post").GetProperty("requestBody");
        var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var resolved = schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
        resolved.GetProperty("properties").GetProperty("items").GetProperty("type").ToString().ShouldContain("array");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atrium.Catalog.Tests.Api;

public sealed class ProductApiTests(CatalogHostFixture catalog) : IClassFixture<CatalogHostFixture>
{
    [Fact]
    public async Task List_FirstRun_HasAtLeastTwentySeededProducts()
    {
        var page = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?pageSize=100");

        page.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(20);
        var first = page.GetProperty("items")[0];
        first.GetProperty("price").GetProperty("currency").GetString().ShouldBe("USD");
        first.GetProperty("price").GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task List_PageSizeOverTheCap_IsClampedTo100()
    {
        var page = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?pageSize=500");

        page.GetProperty("pageSize").GetInt32().ShouldBe(100);
    }

    [Fact]
    public async Task List_Query_FiltersByNameOrSku()
    {
        var page = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?q=mug");

        page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).ShouldContain("MUG-001");
        page.GetProperty("items").EnumerateArray().ShouldAllBe(p =>
            p.GetProperty("name").GetString()!.Contains("mug", StringComparison.OrdinalIgnoreCase)
            || p.GetProperty("sku").GetString()!.Contains("mug", StringComparison.OrdinalIgnoreCase)
            || p.GetProperty("description").GetString()!.Contains("mug", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task List_PagesDoNotOverlap()
    {
        var first = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?page=1&pageSize=5");
        var second = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?page=2&pageSize=5");

        var a = first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        var b = second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        a.Count.ShouldBe(5);
        a.Intersect(b).ShouldBeEmpty();
    }

    [Fact]
    public async Task List_BadPaging_Returns400ListingFields()
    {
        using var response = await catalog.Client.GetAsync("/api/catalog/products?page=0&pageSize=abc");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("page")[0].GetString().ShouldBe("must be 1 to 1000000");
        errors.GetProperty("pageSize")[0].GetString().ShouldBe("must be a whole number");
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("1000001")]
    public async Task List_PageBeyondTheLast_Returns400ValidationFailed(string page)
    {
        // (page − 1) × pageSize overflowed: int.MaxValue came back as page 1, and PostgreSQL got a negative OFFSET.
        using var response = await catalog.Client.GetAsync($"/api/catalog/products?page={page}&pageSize=100");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Error-Code").ShouldBe(["VALIDATION_FAILED"]);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("page")[0].GetString().ShouldBe("must be 1 to 1000000");
    }

    [Fact]
    public async Task List_LastPage_Returns200Empty()
    {
        var page = await catalog.Client.GetFromJsonAsync<JsonElement>("/api/catalog/products?page=1000000&pageSize=100");

        page.GetProperty("page").GetInt32().ShouldBe(1_000_000);
        page.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Get_SeededProduct_ReturnsIt()
    {
        var product = await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{CatalogHostFixture.Mug}");

        product.GetProperty("sku").GetString().ShouldBe("MUG-001");
        product.GetProperty("price").GetProperty("amount").GetInt64().ShouldBe(1499);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-0000000000ff")]
    [InlineData("not-a-guid")]
    public async Task Get_Unknown_Returns404NotFound(string id)
    {
        using var response = await catalog.Client.GetAsync($"/api/catalog/products/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.GetValues("X-Error-Code").ShouldBe(["NOT_FOUND"]);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Contracts.Catalog.V1;

namespace Atrium.Catalog.Tests.Api;

/// <summary>The admin product API with real access tokens from a real identity module.</summary>
public sealed class ProductAdminApiTests(CatalogAdminFixture catalog) : IClassFixture<CatalogAdminFixture>
{
    private static string NewSku() => "SKU-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static object NewProduct(string sku, int stock = 10) =>
        new { sku, name = "Trail mug", description = "Enamel, 12 oz.", price = new { amount = 1999, currency = "USD" }, stock };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> CreateAsync(int stock)
    {
        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(NewSku(), stock), catalog.AdminToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Create_AsAdmin_Returns201WithTheProductAndItsLocation()
    {
        var sku = NewSku();

        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(sku, stock: 12), catalog.AdminToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        created.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "sku", "name", "description", "price", "available"]);
        created.GetProperty("sku").GetString().ShouldBe(sku);
        created.GetProperty("name").GetString().ShouldBe("Trail mug");
        created.GetProperty("description").GetString().ShouldBe("Enamel, 12 oz.");
        created.GetProperty("price").GetProperty("amount").GetInt64().ShouldBe(1999);
        created.GetProperty("price").GetProperty("currency").GetString().ShouldBe("USD");
        created.GetProperty("available").GetInt32().ShouldBe(12);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/catalog/products/{id}");
        var fetched = await catalog.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        fetched.GetRawText().ShouldBe(created.GetRawText());
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401AuthFailed()
    {
        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(NewSku()), token: null);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Create_WithTamperedToken_Returns401AuthFailed()
    {
        var parts = catalog.CustomerToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";

        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(NewSku()), forged);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Create_AsCustomer_Returns403ForbiddenAndCreatesNothing()
    {
        var sku = NewSku();

        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(sku), catalog.CustomerToken);

        await ProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        var page = await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?q={sku}");
        page.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400ListingEveryField()
    {
        var body = new { sku = "has space", name = "", description = new string('d', 2001), price = new { amount = -1, currency = "usd" }, stock = -5 };

        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", body, catalog.AdminToken);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["description", "name", "price.amount", "price.currency", "sku", "stock"]);
        errors.GetProperty("sku")[0].GetString().ShouldBe("must be 1 to 64 letters, digits, '-', '_' or '.'");
        errors.GetProperty("name")[0].GetString().ShouldBe("is required");
        errors.GetProperty("price.amount")[0].GetString().ShouldBe("must be 0 or more (minor units)");
        errors.GetProperty("price.currency")[0].GetString().ShouldBe("must be a three-letter upper-case ISO 4217 code, e.g. USD");
        errors.GetProperty("stock")[0].GetString().ShouldBe("must be 0 or more");
    }

    [Fact]
    public async Task Create_EmptyBody_Returns400ListingEveryRequiredField()
    {
        using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", new { }, catalog.AdminToken);

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["name", "price", "sku", "stock"]);
        errors.EnumerateObject().ShouldAllBe(p => p.Value[0].GetString() == "is required");
    }

    [Fact]
    public async Task Create_SkuTaken_Returns409Conflict()
    {
        var sku = NewSku();
        using (var first = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(sku), catalog.AdminToken))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var again = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(sku), catalog.AdminToken);

        (await ProblemAsync(again, HttpStatusCode.Conflict, "CONFLICT")).GetProperty("detail").GetString().ShouldBe($"The SKU '{sku}' exists already.");
    }

    [Fact]
    public async Task Create_SameSkuConcurrently_CreatesOne()
    {
        var sku = NewSku();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await catalog.SendAsync(HttpMethod.Post, "/api/catalog/products", NewProduct(sku), catalog.AdminToken);
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(7);
    }

    [Fact]
    public async Task SetStock_AsAdmin_Returns200WithTheNewAvailability()
    {
        var id = (await CreateAsync(stock: 3)).GetProperty("id").GetGuid();

        using var response = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 40 }, catalog.AdminToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        product.GetProperty("id").GetGuid().ShouldBe(id);
        product.GetProperty("available").GetInt32().ShouldBe(40);
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{id}")).GetProperty("available").GetInt32().ShouldBe(40);
    }

    [Fact]
    public async Task SetStock_BelowReserved_Returns400AndKeepsTheStock()
    {
        var id = (await CreateAsync(stock: 10)).GetProperty("id").GetGuid();
        await catalog.Reservations.TryAsync(new TryReservationRequest
        {
            TransactionId = "tx-" + Guid.NewGuid().ToString("N"),
            Lines = { new ReservationLine { ProductId = id.ToString(), Quantity = 6 } },
        });

        using var response = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 5 }, catalog.AdminToken);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        problem.GetProperty("errors").GetProperty("onHand")[0].GetString().ShouldBe("On hand cannot go below the 6 units reserved.");
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{id}")).GetProperty("available").GetInt32().ShouldBe(4);

        using var exactly = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 6 }, catalog.AdminToken);
        (await exactly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("{}", "is required")]
    [InlineData("{\"onHand\":-1}", "must be 0 or more")]
    public async Task SetStock_MissingOrNegative_Returns400(string json, string message)
    {
        var id = (await CreateAsync(stock: 1)).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/products/{id}/stock")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", catalog.AdminToken);

        using var response = await catalog.Client.SendAsync(request);

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors").GetProperty("onHand")[0].GetString().ShouldBe(message);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-0000000000ff")]
    [InlineData("not-a-guid")]
    public async Task SetStock_UnknownProduct_Returns404(string id)
    {
        using var response = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 1 }, catalog.AdminToken);

        await ProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task SetStock_WithoutTokenOrAsCustomer_IsRefusedAndKeepsTheStock()
    {
        var id = (await CreateAsync(stock: 2)).GetProperty("id").GetGuid();

        using var anonymous = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 99 }, token: null);
        using var customer = await catalog.SendAsync(HttpMethod.Put, $"/api/catalog/products/{id}/stock", new { onHand = 99 }, catalog.CustomerToken);

        await ProblemAsync(anonymous, HttpStatusCode.Unauthorized, "AUTH_FAILED");
        await ProblemAsync(customer, HttpStatusCode.Forbidden, "FORBIDDEN");
        (await catalog.Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{id}")).GetProperty("available").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Get_WithoutToken_StaysAnonymous()
    {
        var id = (await CreateAsync(stock: 1)).GetProperty("id").GetGuid();

        using var one = await catalog.Client.GetAsync($"/api/catalog/products/{id}");
        using var list = await catalog.Client.GetAsync("/api/catalog/products");

        one.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

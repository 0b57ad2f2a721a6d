using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReservationTccTests(CatalogHostFixture catalog) : IClassFixture<CatalogHostFixture>
{
    private static string NewTransaction() => "tx-" + Guid.NewGuid().ToString("N");

    private static async Task<string> StatusAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task Try_Twice_HoldsStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();

        (await StatusAsync(await catalog.TryAsync(tx, product, 3))).ShouldBe("Held");
        (await StatusAsync(await catalog.TryAsync(tx, product, 3))).ShouldBe("Held");

        (await catalog.AvailableAsync(product)).ShouldBe(7);
    }

    [Fact]
    public async Task Confirm_Twice_ShipsStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();
        await catalog.TryAsync(tx, product, 4);

        (await StatusAsync(await catalog.ConfirmAsync(tx))).ShouldBe("Confirmed");
        (await StatusAsync(await catalog.ConfirmAsync(tx))).ShouldBe("Confirmed");

        (await catalog.AvailableAsync(product)).ShouldBe(6);
    }

    [Fact]
    public async Task Cancel_Twice_ReleasesStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();
        await catalog.TryAsync(tx, product, 4);

        (await StatusAsync(await catalog.CancelAsync(tx))).ShouldBe("Released");
        (await StatusAsync(await catalog.CancelAsync(tx))).ShouldBe("Released");

        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Cancel_BeforeTry_SucceedsAndRefusesTheLateTry()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();

        (await StatusAsync(await catalog.CancelAsync(tx))).ShouldBe("NullCompensated");
        using var late = await catalog.TryAsync(tx, product, 2);

        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("CONFLICT");
        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Try_MoreThanAvailable_Returns422AndHoldsNothing()
    {
        var product = await catalog.NewProductAsync(2);

        using var response = await catalog.TryAsync(NewTransaction(), product, 3);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("BUSINESS_RULE_VIOLATED");
        (await catalog.AvailableAsync(product)).ShouldBe(2);
    }

    [Fact]
    public async Task Confirm_WithoutTry_Returns404()
    {
        using var response = await catalog.ConfirmAsync(NewTransaction());

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Try_ManyConcurrentForScarceStock_NeverOversells()
    {
        var product = await catalog.NewProductAsync(50);

        var attempts = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await catalog.TryAsync(NewTransaction(), product, 1);
            return response.StatusCode;
        });
        var results = await Task.WhenAll(attempts);

        results.Count(s => s == HttpStatusCode.OK).ShouldBe(50);
        results.Count(s => s == HttpStatusCode.UnprocessableEntity).ShouldBe(150);
        (await catalog.AvailableAsync(product)).ShouldBe(0);
    }

    [Fact]
    public async Task Try_EmptyOrInvalidLines_Returns400ListingFields()
    {
        using var empty = await catalog.Client.PostAsJsonAsync($"/internal/catalog/reservations/{NewTransaction()}/try", new { lines = Array.Empty<object>() });
        using var invalid = await catalog.Client.PostAsJsonAsync($"/internal/catalog/reservations/{NewTransaction()}/try",
            new { lines = new[] { new { productId = Guid.Empty, quantity = 0 } } });

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("lines[0].quantity")[0].GetString().ShouldBe("must be 1 or more");
        errors.GetProperty("lines[0].productId")[0].GetString().ShouldBe("is required");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReservationExpiryTests(ShortTtlCatalogFixture catalog) : IClassFixture<ShortTtlCatalogFixture>
{
    private static string NewTransaction() => "tx-" + Guid.NewGuid().ToString("N");

    private static async Task<string> StatusAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task Try_UnconfirmedPastTtl_IsReleasedAndConfirmIsRefused()
    {
        var product = await catalog.NewProductAsync(5);
        var tx = NewTransaction();
        await catalog.TryAsync(tx, product, 5);
        (await catalog.AvailableAsync(product)).ShouldBe(0);

        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(15);
        while (await catalog.AvailableAsync(product) != 5 && TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            await Task.Delay(100);
        }

        (await catalog.AvailableAsync(product)).ShouldBe(5);
        using var confirm = await catalog.ConfirmAsync(tx);
        confirm.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StatusAsync(await catalog.CancelAsync(tx))).ShouldBe("Released");
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Catalog.Tests.Api;

/// <summary>A real catalog module on loopback with seeded products; helpers for the TCC calls.</summary>
public class CatalogHostFixture : IAsyncLifetime
{
    public const string Mug = "00000000-0000-0000-0000-000000000001";

    private ModuleTestHost _host = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Catalog settings for the fixture (the body of the <c>catalog</c> section).</summary>
    protected virtual string SectionYaml => "";

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<CatalogOptions>(CatalogOptions.Section, CatalogModule.Init, SectionYaml);
        Client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>A product of its own for a test, so that tests in parallel do not share stock.</summary>
    public async Task<Guid> NewProductAsync(int stock) => await CatalogTestData.AddProductAsync(_host, stock);

    public Task<HttpResponseMessage> TryAsync(string transactionId, Guid product, int quantity) =>
        Client.PostAsJsonAsync($"/internal/catalog/reservations/{transactionId}/try", new { lines = new[] { new { productId = product, quantity } } });

    public Task<HttpResponseMessage> ConfirmAsync(string transactionId) => Client.PostAsync($"/internal/catalog/reservations/{transactionId}/confirm", null);

    public Task<HttpResponseMessage> CancelAsync(string transactionId) => Client.PostAsync($"/internal/catalog/reservations/{transactionId}/cancel", null);

    public async Task<int> AvailableAsync(Guid product) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{product}")).GetProperty("available").GetInt32();
}

using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Contracts.Catalog.V1;
using Atrium.Identity;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// A real catalog module on loopback (HTTP/1.1 and h2c) with seeded products, and the real identity module that issues
/// the service tokens its gRPC calls need; helpers for the TCC calls over gRPC.
/// </summary>
public class CatalogHostFixture : IAsyncLifetime
{
    public const string Mug = "00000000-0000-0000-0000-000000000001";

    private ModuleTestHost _host = null!;
    private GrpcChannel _channel = null!;

    /// <summary>The identity module whose keys the catalog trusts.</summary>
    public ModuleTestHost Identity { get; private set; } = null!;

    /// <summary>The catalog module.</summary>
    public ModuleTestHost Catalog => _host;

    /// <summary>Service tokens for identity's default client (every scope), as ordering has them.</summary>
    public ServiceTokenSource Tokens { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// The fixture's one channel to the catalog's h2c listener, with the interceptors the modules call through; for
    /// methods that no generated client has.
    /// </summary>
    public CallInvoker Invoker { get; private set; } = null!;

    /// <summary>The generated <c>atrium.catalog.v1.Products</c> client on the fixture's channel.</summary>
    public Products.ProductsClient Products { get; private set; } = null!;

    /// <summary>The generated <c>atrium.catalog.v1.Reservations</c> client on the fixture's channel.</summary>
    public Reservations.ReservationsClient Reservations { get; private set; } = null!;

    /// <summary>Catalog settings for the fixture (the body of the <c>catalog</c> section).</summary>
    protected virtual string SectionYaml => "";

    /// <summary>The catalog's PostgreSQL database when the fixture runs it there; null on its SQLite file.</summary>
    protected string? PostgresConnectionString { get; set; }

    /// <summary>Runs before the module starts (to make a database for it, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        var database = PostgresConnectionString is null ? "" : $"\nprovider: postgresql\nconnectionString: \"{PostgresConnectionString}\"";
        Identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        _host = await ModuleTestHost.StartAsync<CatalogOptions>(
            CatalogOptions.Section, CatalogModule.Init, SectionYaml + database + "\n" + TestServiceTokens.AuthYaml(Identity), rpc: true);
        Client = _host.Client();
        Tokens = TestServiceTokens.Source(Identity);
        _channel = TestServiceTokens.Channel(_host, Tokens, ServiceScopes.Catalog);
        Invoker = _channel.CreateInvoker();
        Products = new Products.ProductsClient(Invoker);
        Reservations = new Reservations.ReservationsClient(Invoker);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        Tokens.Dispose();
        Client.Dispose();
        await _host.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>A product of its own for a test, so that tests in parallel do not share stock.</summary>
    public async Task<Guid> NewProductAsync(int stock) => await CatalogTestData.AddProductAsync(_host, stock, PostgresConnectionString);

    /// <summary>The product's on-hand and reserved units, read from the database.</summary>
    public Task<(int OnHand, int Reserved)> StockAsync(Guid product) => CatalogTestData.StockAsync(_host, product, PostgresConnectionString);

    public Task<ReservationReply> TryAsync(string transactionId, Guid product, int quantity) =>
        Reservations.TryAsync(new TryReservationRequest
        {
            TransactionId = transactionId,
            Lines = { new ReservationLine { ProductId = product.ToString(), Quantity = quantity } },
        }).ResponseAsync;

    public Task<ReservationReply> ConfirmAsync(string transactionId) =>
        Reservations.ConfirmAsync(new ReservationRequest { TransactionId = transactionId }).ResponseAsync;

    public Task<ReservationReply> CancelAsync(string transactionId) =>
        Reservations.CancelAsync(new ReservationRequest { TransactionId = transactionId }).ResponseAsync;

    public async Task<int> AvailableAsync(Guid product) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{product}")).GetProperty("available").GetInt32();
}

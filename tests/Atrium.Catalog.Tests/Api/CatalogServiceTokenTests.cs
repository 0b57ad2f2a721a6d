using Atrium.Chassis.Errors;
using Atrium.Contracts.Catalog.V1;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Net.Client;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// The catalog's internal gRPC API checks a service token from identity on every call: audience <c>catalog</c>,
/// <c>catalog.products.read</c> for Products, <c>catalog.reserve</c> for Reservations; through a channel without
/// credentials, with the token each test chooses.
/// </summary>
public sealed class CatalogServiceTokenTests(CatalogHostFixture catalog) : IClassFixture<CatalogHostFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannels.Create(catalog.Catalog.RpcAddress);

    public void Dispose() => _channel.Dispose();

    private Reservations.ReservationsClient Reservations => new(_channel.CreateInvoker());

    private Products.ProductsClient Products => new(_channel.CreateInvoker());

    private static TryReservationRequest Try(string transaction, Guid product) =>
        new() { TransactionId = transaction, Lines = { new ReservationLine { ProductId = product.ToString(), Quantity = 2 } } };

    [Fact]
    public async Task GetProducts_NoToken_Unauthenticated() =>
        await RpcAssert.FailsAsync(
            () => Products.GetProductsAsync(new GetProductsRequest { Ids = { CatalogHostFixture.Mug } }).ResponseAsync, ErrorCodes.AuthFailed);

    [Fact]
    public async Task GetProducts_TokenWithTheProductsScope_Answers()
    {
        var token = await TestServiceTokens.RequestAsync(catalog.Identity, ServiceScopes.Catalog, ServiceScopes.CatalogProductsRead);

        var reply = await Products.GetProductsAsync(new GetProductsRequest { Ids = { CatalogHostFixture.Mug } }, TestServiceTokens.Bearer(token)).ResponseAsync;

        reply.Products.ShouldHaveSingleItem().Sku.ShouldBe("MUG-001");
    }

    [Fact]
    public async Task Try_NoToken_UnauthenticatedAndNothingHeld()
    {
        var product = await catalog.NewProductAsync(5);

        await RpcAssert.FailsAsync(() => Reservations.TryAsync(Try("tx-" + Guid.NewGuid().ToString("N"), product)).ResponseAsync, ErrorCodes.AuthFailed);

        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }

    [Fact]
    public async Task Try_TokenWithOnlyTheProductsScope_PermissionDeniedAndNothingHeld()
    {
        var product = await catalog.NewProductAsync(5);
        var token = await TestServiceTokens.RequestAsync(catalog.Identity, ServiceScopes.Catalog, ServiceScopes.CatalogProductsRead);

        var error = await RpcAssert.FailsAsync(
            () => Reservations.TryAsync(Try("tx-" + Guid.NewGuid().ToString("N"), product), TestServiceTokens.Bearer(token)).ResponseAsync, ErrorCodes.Forbidden);

        error.Status.Detail.ShouldContain("'catalog.reserve' scope");
        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }

    [Fact]
    public async Task Confirm_TokenForPayments_UnauthenticatedAndTheHoldStays()
    {
        var product = await catalog.NewProductAsync(5);
        var transaction = "tx-" + Guid.NewGuid().ToString("N");
        (await catalog.TryAsync(transaction, product, 2)).Status.ShouldBe("Held");
        var token = await TestServiceTokens.RequestAsync(catalog.Identity, ServiceScopes.Payments);

        var error = await RpcAssert.FailsAsync(
            () => Reservations.ConfirmAsync(new ReservationRequest { TransactionId = transaction }, TestServiceTokens.Bearer(token)).ResponseAsync, ErrorCodes.AuthFailed);

        error.Status.Detail.ShouldContain("wrong audience");
        (await catalog.CancelAsync(transaction)).Status.ShouldBe("Released");
    }
}

using Atrium.Chassis.Errors;
using Atrium.Contracts.Catalog.V1;

namespace Atrium.Catalog.Tests.Api;

/// <summary><c>atrium.catalog.v1.Products/GetProducts</c> over gRPC.</summary>
public sealed class ProductRpcTests(CatalogHostFixture catalog) : IClassFixture<CatalogHostFixture>
{
    private Task<GetProductsReply> GetAsync(params string[] ids) =>
        catalog.Products.GetProductsAsync(new GetProductsRequest { Ids = { ids } }).ResponseAsync;

    [Fact]
    public async Task GetProducts_KnownIds_ReturnsThemWithPriceAndAvailability()
    {
        var product = await catalog.NewProductAsync(7);
        await catalog.TryAsync("tx-" + Guid.NewGuid().ToString("N"), product, 2);

        var reply = await GetAsync(CatalogHostFixture.Mug, product.ToString());

        reply.Products.Select(p => p.Id).ShouldBe([CatalogHostFixture.Mug, product.ToString()]);
        var mug = reply.Products[0];
        mug.Sku.ShouldBe("MUG-001");
        mug.Name.ShouldBe("Enamel camp mug");
        mug.Price.Amount.ShouldBe(1499);
        mug.Price.Currency.ShouldBe("USD");
        reply.Products[1].Available.ShouldBe(5);
    }

    [Fact]
    public async Task GetProducts_UnknownAndRepeatedIds_LeavesUnknownOutAndAnswersEachOnce()
    {
        var reply = await GetAsync(Guid.NewGuid().ToString(), CatalogHostFixture.Mug, CatalogHostFixture.Mug.ToUpperInvariant());

        reply.Products.Select(p => p.Sku).ShouldBe(["MUG-001"]);
    }

    [Fact]
    public async Task GetProducts_NoIds_ReturnsNone()
    {
        (await GetAsync()).Products.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetProducts_MalformedId_IsInvalidArgument()
    {
        var error = await RpcAssert.FailsAsync(() => GetAsync(CatalogHostFixture.Mug, "not-a-guid"), ErrorCodes.ValidationFailed);

        error.Status.Detail.ShouldBe("Invalid request: ids[1] is not a product id.");
    }
}

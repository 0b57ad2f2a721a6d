using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Catalog;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Identity;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure.Clients;
using Atrium.Rpc.Client;
using Atrium.Testing;

namespace Atrium.Ordering.Tests.Infrastructure.Clients;

/// <summary>The placement's catalog client against the real catalog module over gRPC, stopped mid-test.</summary>
public sealed class PriceCachingCatalogClientTests : IAsyncLifetime
{
    private ModuleTestHost _identity = null!;
    private ModuleTestHost _catalog = null!;
    private ServiceTokenSource _tokens = null!;
    private bool _stopped;

    public async Task InitializeAsync()
    {
        _identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        _catalog = await ModuleTestHost.StartAsync<CatalogOptions>(CatalogOptions.Section, CatalogModule.Init, TestServiceTokens.AuthYaml(_identity), rpc: true);
        _tokens = TestServiceTokens.Source(_identity);
    }

    public async Task DisposeAsync()
    {
        await StopCatalogAsync();
        _tokens.Dispose();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task GetProductsAsync_KnownProductWhileCatalogIsDown_PricedFromMemory()
    {
        var (product, price) = await SeededProductAsync();
        using var channels = Channels();
        var client = Client(channels, TimeSpan.FromMinutes(1));
        (await client.GetProductsAsync([product], CancellationToken.None))[product].Price.ShouldBe(price);

        await StopCatalogAsync();

        var again = await client.GetProductsAsync([product], CancellationToken.None);
        again[product].Price.ShouldBe(price);
        var unknown = await Should.ThrowAsync<AtriumException>(() => client.GetProductsAsync([product, Guid.NewGuid()], CancellationToken.None));
        unknown.Code.ShouldBe(ErrorCodes.UpstreamUnavailable);
    }

    [Fact]
    public async Task GetProductsAsync_NoSuchProduct_AbsentAndAskedAgainNextTime()
    {
        using var channels = Channels();
        var client = Client(channels, TimeSpan.FromMinutes(1));
        var stranger = Guid.NewGuid();
        (await client.GetProductsAsync([stranger], CancellationToken.None)).ShouldBeEmpty();

        await StopCatalogAsync();

        // Not remembered: the second question goes to the catalog, which is down now.
        await Should.ThrowAsync<AtriumException>(() => client.GetProductsAsync([stranger], CancellationToken.None));
    }

    [Fact]
    public async Task GetProductsAsync_TtlZero_AsksCatalogEveryTime()
    {
        var (product, _) = await SeededProductAsync();
        using var channels = Channels();
        var client = Client(channels, TimeSpan.Zero);
        (await client.GetProductsAsync([product], CancellationToken.None)).Keys.ShouldBe([product]);

        await StopCatalogAsync();

        await Should.ThrowAsync<AtriumException>(() => client.GetProductsAsync([product], CancellationToken.None));
    }

    private async Task StopCatalogAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _catalog.DisposeAsync();
        }
    }

    private BranchChannels Channels() => new(Options(TimeSpan.Zero), _tokens, TimeProvider.System);

    private OrderingOptions Options(TimeSpan ttl) => new()
    {
        CatalogAddress = _catalog.RpcAddress.ToString(),
        // The first call goes over a new h2c connection, which has taken over a second on a saturated machine; the
        // down-service cases are refused connections, which fail at once whatever the deadline.
        CallTimeout = TimeSpan.FromSeconds(30),
        ProductCacheTtl = ttl,
    };

    private PriceCachingCatalogClient Client(BranchChannels channels, TimeSpan ttl)
    {
        var options = Options(ttl);
        return new PriceCachingCatalogClient(new GrpcCatalogClient(channels, new BranchCall(new LiveOptions<OrderingOptions>(options), TimeProvider.System)), new LiveOptions<OrderingOptions>(options), TimeProvider.System);
    }

    /// <summary>A product the catalog seeded on its first start, with its price as the public API shows it.</summary>
    private async Task<(Guid Id, Money Price)> SeededProductAsync()
    {
        using var http = _catalog.Client();
        var page = await http.GetFromJsonAsync<JsonElement>("/api/catalog/products?pageSize=1");
        var item = page.GetProperty("items")[0];
        var price = item.GetProperty("price");
        return (item.GetProperty("id").GetGuid(), new Money(price.GetProperty("amount").GetInt64(), price.GetProperty("currency").GetString()!));
    }
}

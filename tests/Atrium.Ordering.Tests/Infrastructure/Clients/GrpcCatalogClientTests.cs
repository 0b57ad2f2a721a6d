using Atrium.Chassis.Errors;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Tests.Application;
using Atrium.Testing;

namespace Atrium.Ordering.Tests.Infrastructure.Clients;

/// <summary>The catalog client against the real catalog module: prices, and how each TCC answer reaches the saga.</summary>
[Collection(SagaHostsCollection.Name)]
public sealed class GrpcCatalogClientTests(SagaHostsFixture hosts)
{
    [Fact]
    public async Task GetProductsAsync_KnownAndUnknownIds_PricesTheKnownOnes()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var product = await hosts.NewProductAsync(stock: 3, price: 1_999);

        var found = await ordering.Catalog.GetProductsAsync([product, Guid.NewGuid()], CancellationToken.None);

        found.Keys.ShouldBe([product]);
        found[product].Price.ShouldBe(new Money(1_999, "USD"));
        found[product].Sku.ShouldStartWith("T-");
    }

    [Fact]
    public async Task GetProductsAsync_CatalogUnreachable_ThrowsUpstreamUnavailable()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, o => o.CatalogAddress = $"http://127.0.0.1:{FreePort.Next()}", duplicate: false);

        var ex = await Should.ThrowAsync<AtriumException>(() => ordering.Catalog.GetProductsAsync([Guid.NewGuid()], CancellationToken.None));

        ex.Code.ShouldBe(ErrorCodes.UpstreamUnavailable);
    }

    [Fact]
    public async Task ReserveAsync_CatalogUnreachable_IsTransient()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, o => o.CatalogAddress = $"http://127.0.0.1:{FreePort.Next()}", duplicate: false);

        var result = await ordering.Catalog.ReserveAsync(Guid.NewGuid(), [new OrderLine(Guid.NewGuid(), 1, new Money(1, "USD"))], CancellationToken.None);

        result.Outcome.ShouldBe(BranchOutcome.Transient);
    }

    [Fact]
    public async Task ReserveAsync_Twice_HoldsOnceAndSucceedsBothTimes()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var product = await hosts.NewProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        OrderLine[] lines = [new OrderLine(product, 2, new Money(500, "USD"))];

        (await ordering.Catalog.ReserveAsync(orderId, lines, CancellationToken.None)).ShouldBe(BranchResult.Ok);
        (await ordering.Catalog.ReserveAsync(orderId, lines, CancellationToken.None)).ShouldBe(BranchResult.Ok);

        (await hosts.AvailableAsync(product)).ShouldBe(3);
    }

    [Fact]
    public async Task ConfirmAsync_NothingReserved_IsRefusedReservationExpired()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);

        (await ordering.Catalog.ConfirmAsync(Guid.NewGuid(), CancellationToken.None)).ShouldBe(BranchResult.Refused(CancellationReasons.ReservationExpired));
    }

    [Fact]
    public async Task ConfirmAsync_Released_IsRefusedReservationExpired()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var product = await hosts.NewProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        await ordering.Catalog.ReserveAsync(orderId, [new OrderLine(product, 1, new Money(500, "USD"))], CancellationToken.None);
        (await ordering.Catalog.CancelAsync(orderId, CancellationToken.None)).ShouldBe(BranchResult.Ok);

        (await ordering.Catalog.ConfirmAsync(orderId, CancellationToken.None)).ShouldBe(BranchResult.Refused(CancellationReasons.ReservationExpired));
        (await hosts.AvailableAsync(product)).ShouldBe(5);
    }

    [Fact]
    public async Task ReserveAsync_AfterItsCancel_IsRefused()
    {
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false);
        var product = await hosts.NewProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        (await ordering.Catalog.CancelAsync(orderId, CancellationToken.None)).ShouldBe(BranchResult.Ok);

        var result = await ordering.Catalog.ReserveAsync(orderId, [new OrderLine(product, 1, new Money(500, "USD"))], CancellationToken.None);

        result.ShouldBe(BranchResult.Refused(CancellationReasons.DeadlineExceeded));
        (await hosts.AvailableAsync(product)).ShouldBe(5);
    }
}

using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReservationExpiryTests(ShortTtlCatalogFixture catalog) : IClassFixture<ShortTtlCatalogFixture>
{
    private static string NewTransaction() => "tx-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Try_UnconfirmedPastTtl_IsReleasedAndConfirmIsRefused()
    {
        var product = await catalog.NewProductAsync(5);
        var tx = NewTransaction();
        (await catalog.TryAsync(tx, product, 5)).Status.ShouldBe("Held");
        (await catalog.AvailableAsync(product)).ShouldBe(0);

        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(15);
        while (await catalog.AvailableAsync(product) != 5 && TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            await Task.Delay(100);
        }

        (await catalog.AvailableAsync(product)).ShouldBe(5);
        var confirm = await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(tx), ErrorCodes.BusinessRuleViolated);
        confirm.StatusCode.ShouldBe(GrpcStatusCode.FailedPrecondition);
        (await catalog.CancelAsync(tx)).Status.ShouldBe("Released");
        // A late duplicate of the try finds the transaction cancelled by the sweep.
        await RpcAssert.FailsAsync(() => catalog.TryAsync(tx, product, 5), ErrorCodes.Conflict);
        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }
}

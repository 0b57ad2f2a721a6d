using Atrium.Chassis.Errors;
using Atrium.Testing;
using Grpc.Core;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReservationExpiryTests(ShortTtlCatalogFixture catalog) : IClassFixture<ShortTtlCatalogFixture>
{
    private static string NewTransaction() => "tx-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Try_UnconfirmedPastTtl_IsReleasedAndConfirmIsRefused()
    {
        var product = await catalog.NewProductAsync(5);
        var tx = NewTransaction();
        var beforeTry = TimeProvider.System.GetTimestamp();
        (await catalog.TryAsync(tx, product, 5)).Status.ShouldBe("Held");
        var held = await catalog.AvailableAsync(product);
        // The hold expires a TTL after the catalog took it, which is after beforeTry: a read back within the TTL of
        // beforeTry was answered while the hold still stood. A slower one may rightly see the sweep's release.
        if (TimeProvider.System.GetElapsedTime(beforeTry) < ShortTtlCatalogFixture.Ttl)
        {
            held.ShouldBe(0);
        }

        await Eventually.UntilAsync(async () => await catalog.AvailableAsync(product) == 5, "the sweep releases the expired hold");
        var confirm = await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(tx), ErrorCodes.BusinessRuleViolated);
        confirm.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        (await catalog.CancelAsync(tx)).Status.ShouldBe("Released");
        // A late duplicate of the try finds the transaction cancelled by the sweep.
        await RpcAssert.FailsAsync(() => catalog.TryAsync(tx, product, 5), ErrorCodes.Conflict);
        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }
}

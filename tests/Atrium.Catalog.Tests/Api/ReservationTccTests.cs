using Atrium.Chassis.Errors;
using Grpc.Core;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// The stock branch of the order saga over gRPC (<c>atrium.catalog.v1.Reservations</c>), with the catalog on SQLite
/// (<see cref="ReservationTccOnSqliteTests"/>) and on PostgreSQL (<see cref="ReservationTccOnPostgreSqlTests"/>).
/// </summary>
public abstract class ReservationTccTests(CatalogHostFixture catalog)
{
    private static string NewTransaction() => "tx-" + Guid.NewGuid().ToString("N");

    /// <summary>A product of its own with <paramref name="stock"/> units, and a transaction holding <paramref name="quantity"/>.</summary>
    private async Task<(Guid Product, string Transaction)> HoldAsync(int stock, int quantity)
    {
        var product = await catalog.NewProductAsync(stock);
        var tx = NewTransaction();
        (await catalog.TryAsync(tx, product, quantity)).Status.ShouldBe("Held");
        return (product, tx);
    }

    [Fact]
    public async Task Try_Twice_HoldsStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();

        (await catalog.TryAsync(tx, product, 3)).Status.ShouldBe("Held");
        var again = await catalog.TryAsync(tx, product, 3);

        again.Status.ShouldBe("Held");
        again.TransactionId.ShouldBe(tx);
        (await catalog.AvailableAsync(product)).ShouldBe(7);
    }

    [Fact]
    public async Task Try_SameCallConcurrently_HoldsStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => catalog.TryAsync(tx, product, 3)));

        replies.ShouldAllBe(r => r.Status == "Held" && r.TransactionId == tx);
        (await catalog.AvailableAsync(product)).ShouldBe(7);
    }

    [Fact]
    public async Task Confirm_Twice_ShipsStockOnce()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 4);

        (await catalog.ConfirmAsync(tx)).Status.ShouldBe("Confirmed");
        (await catalog.ConfirmAsync(tx)).Status.ShouldBe("Confirmed");

        (await catalog.AvailableAsync(product)).ShouldBe(6);
        (await catalog.TryAsync(tx, product, 4)).Status.ShouldBe("Confirmed");
        (await catalog.AvailableAsync(product)).ShouldBe(6);
    }

    [Fact]
    public async Task Confirm_SameCallConcurrently_ShipsStockOnce()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 4);

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => catalog.ConfirmAsync(tx)));

        replies.ShouldAllBe(r => r.Status == "Confirmed");
        (await catalog.AvailableAsync(product)).ShouldBe(6);
        // Confirmed stock has left on hand: a later hold of all the rest still fits, one more unit does not.
        (await catalog.TryAsync(NewTransaction(), product, 6)).Status.ShouldBe("Held");
        await RpcAssert.FailsAsync(() => catalog.TryAsync(NewTransaction(), product, 1), ErrorCodes.BusinessRuleViolated);
    }

    [Fact]
    public async Task Cancel_Twice_ReleasesStockOnce()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 4);

        (await catalog.CancelAsync(tx)).Status.ShouldBe("Released");
        (await catalog.CancelAsync(tx)).Status.ShouldBe("Released");

        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Cancel_SameCallConcurrently_ReleasesStockOnce()
    {
        var product = await catalog.NewProductAsync(10);
        var other = NewTransaction();
        await catalog.TryAsync(other, product, 5);
        var tx = NewTransaction();
        await catalog.TryAsync(tx, product, 4);

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => catalog.CancelAsync(tx)));

        replies.ShouldAllBe(r => r.Status == "Released");
        // Released once: the other transaction's 5 stay held.
        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }

    [Fact]
    public async Task Cancel_BeforeTry_SucceedsAndRefusesTheLateTry()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();

        var cancel = await catalog.CancelAsync(tx);
        cancel.Status.ShouldBe("NullCompensated");
        cancel.TransactionId.ShouldBe(tx);
        (await catalog.CancelAsync(tx)).Status.ShouldBe("NullCompensated");

        await RpcAssert.FailsAsync(() => catalog.TryAsync(tx, product, 2), ErrorCodes.Conflict);
        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Try_AfterCancel_IsAborted()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 2);
        await catalog.CancelAsync(tx);

        var error = await RpcAssert.FailsAsync(() => catalog.TryAsync(tx, product, 2), ErrorCodes.Conflict);

        error.StatusCode.ShouldBe(StatusCode.Aborted);
        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Try_MoreThanAvailable_FailsPreconditionAndHoldsNothing()
    {
        var product = await catalog.NewProductAsync(2);

        var error = await RpcAssert.FailsAsync(() => catalog.TryAsync(NewTransaction(), product, 3), ErrorCodes.BusinessRuleViolated);

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        error.Status.Detail.ShouldContain("Only 2");
        (await catalog.AvailableAsync(product)).ShouldBe(2);
    }

    [Fact]
    public async Task Try_UnknownProduct_IsNotFoundAndHoldsNothing()
    {
        var product = await catalog.NewProductAsync(5);
        var request = new Contracts.Catalog.V1.TryReservationRequest
        {
            TransactionId = NewTransaction(),
            Lines =
            {
                new Contracts.Catalog.V1.ReservationLine { ProductId = product.ToString(), Quantity = 1 },
                new Contracts.Catalog.V1.ReservationLine { ProductId = Guid.NewGuid().ToString(), Quantity = 1 },
            },
        };

        var error = await RpcAssert.FailsAsync(() => catalog.Reservations.TryAsync(request).ResponseAsync, ErrorCodes.NotFound);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
        (await catalog.AvailableAsync(product)).ShouldBe(5);
    }

    [Fact]
    public async Task Confirm_WithoutTry_IsNotFound()
    {
        var error = await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(NewTransaction()), ErrorCodes.NotFound);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task Confirm_WithoutTry_RecordsNothingSoALaterTryAndConfirmShip()
    {
        var product = await catalog.NewProductAsync(10);
        var tx = NewTransaction();
        await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(tx), ErrorCodes.NotFound);

        (await catalog.TryAsync(tx, product, 4)).Status.ShouldBe("Held");
        (await catalog.ConfirmAsync(tx)).Status.ShouldBe("Confirmed");

        (await catalog.AvailableAsync(product)).ShouldBe(6);
    }

    [Fact]
    public async Task Confirm_SeveralLinesOnTwoProducts_ShipsEachProductsSum()
    {
        var first = await catalog.NewProductAsync(10);
        var second = await catalog.NewProductAsync(10);
        var tx = NewTransaction();
        var request = new Contracts.Catalog.V1.TryReservationRequest
        {
            TransactionId = tx,
            Lines =
            {
                new Contracts.Catalog.V1.ReservationLine { ProductId = first.ToString(), Quantity = 2 },
                new Contracts.Catalog.V1.ReservationLine { ProductId = second.ToString(), Quantity = 3 },
                new Contracts.Catalog.V1.ReservationLine { ProductId = first.ToString(), Quantity = 1 },
            },
        };
        (await catalog.Reservations.TryAsync(request)).Status.ShouldBe("Held");

        (await catalog.ConfirmAsync(tx)).Status.ShouldBe("Confirmed");

        (await catalog.StockAsync(first)).ShouldBe((7, 0));
        (await catalog.StockAsync(second)).ShouldBe((7, 0));
    }

    [Fact]
    public async Task Confirm_AfterCancel_FailsPrecondition()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 2);
        await catalog.CancelAsync(tx);

        var error = await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(tx), ErrorCodes.BusinessRuleViolated);

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        (await catalog.AvailableAsync(product)).ShouldBe(10);
    }

    [Fact]
    public async Task Cancel_AfterConfirm_FailsPreconditionAndKeepsTheShipment()
    {
        var (product, tx) = await HoldAsync(stock: 10, quantity: 2);
        await catalog.ConfirmAsync(tx);

        await RpcAssert.FailsAsync(() => catalog.CancelAsync(tx), ErrorCodes.BusinessRuleViolated);

        (await catalog.AvailableAsync(product)).ShouldBe(8);
        (await catalog.ConfirmAsync(tx)).Status.ShouldBe("Confirmed");
    }

    [Fact]
    public async Task ConfirmAndCancel_RacingOnOneReservation_ExactlyOneTakesEffect()
    {
        // Another hold on each product keeps Reserved above zero, so that a cancel applied on top of a confirm would
        // pass the stock check constraint and show only in the numbers.
        var races = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var (product, tx) = await HoldAsync(stock: 10, quantity: 3);
            (await catalog.TryAsync(NewTransaction(), product, 5)).Status.ShouldBe("Held");
            var confirm = Succeeds(catalog.ConfirmAsync(tx));
            var cancel = Succeeds(catalog.CancelAsync(tx));
            return (Confirmed: await confirm, Cancelled: await cancel, Available: await catalog.AvailableAsync(product));
        }));

        foreach (var (confirmed, cancelled, available) in races)
        {
            (confirmed ^ cancelled).ShouldBeTrue($"confirm {confirmed}, cancel {cancelled}: exactly one may take effect");
            // Confirmed: 7 on hand, 5 held → 2; cancelled: 10 on hand, 5 held → 5.
            available.ShouldBe(confirmed ? 2 : 5);
        }
    }

    private static async Task<bool> Succeeds(Task<Contracts.Catalog.V1.ReservationReply> call)
    {
        try
        {
            await call;
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return false;
        }
    }

    [Fact]
    public async Task Try_ManyConcurrentForScarceStock_NeverOversells()
    {
        var product = await catalog.NewProductAsync(50);

        var attempts = Enumerable.Range(0, 200).Select(async _ =>
        {
            try
            {
                await catalog.TryAsync(NewTransaction(), product, 1);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        });
        var results = await Task.WhenAll(attempts);

        results.Count(s => s == StatusCode.OK).ShouldBe(50);
        results.Count(s => s == StatusCode.FailedPrecondition).ShouldBe(150);
        (await catalog.AvailableAsync(product)).ShouldBe(0);
    }

    [Theory]
    [InlineData("", "transaction_id must be 1 to 128 characters")]
    [InlineData("lines:none", "lines at least one line is required")]
    [InlineData("quantity:0", "lines[0].quantity must be 1 or more")]
    [InlineData("quantity:-1", "lines[0].quantity must be 1 or more")]
    [InlineData("product:", "lines[0].product_id is required")]
    [InlineData("product:not-a-guid", "lines[0].product_id is not a product id")]
    [InlineData("product:00000000-0000-0000-0000-000000000000", "lines[0].product_id is not a product id")]
    public async Task Try_InvalidRequest_IsInvalidArgumentNamingTheField(string fault, string message)
    {
        var request = new Contracts.Catalog.V1.TryReservationRequest { TransactionId = fault.Length == 0 ? "" : NewTransaction() };
        var line = new Contracts.Catalog.V1.ReservationLine { ProductId = CatalogHostFixture.Mug, Quantity = 1 };
        if (fault.StartsWith("quantity:", StringComparison.Ordinal))
        {
            line.Quantity = int.Parse(fault["quantity:".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (fault.StartsWith("product:", StringComparison.Ordinal))
        {
            line.ProductId = fault["product:".Length..];
        }

        if (fault != "lines:none")
        {
            request.Lines.Add(line);
        }

        var error = await RpcAssert.FailsAsync(() => catalog.Reservations.TryAsync(request).ResponseAsync, ErrorCodes.ValidationFailed);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldBe($"Invalid request: {message}.");
    }

    [Fact]
    public async Task Try_SeveralBadFields_NamesEveryOne()
    {
        var request = new Contracts.Catalog.V1.TryReservationRequest
        {
            TransactionId = new string('x', 129),
            Lines = { new Contracts.Catalog.V1.ReservationLine { ProductId = "nope", Quantity = 0 } },
        };

        var error = await RpcAssert.FailsAsync(() => catalog.Reservations.TryAsync(request).ResponseAsync, ErrorCodes.ValidationFailed);

        error.Status.Detail.ShouldBe("Invalid request: transaction_id must be 1 to 128 characters; lines[0].product_id is not a product id; lines[0].quantity must be 1 or more.");
    }

    [Fact]
    public async Task ConfirmAndCancel_EmptyTransactionId_AreInvalidArgument()
    {
        await RpcAssert.FailsAsync(() => catalog.ConfirmAsync(""), ErrorCodes.ValidationFailed);
        await RpcAssert.FailsAsync(() => catalog.CancelAsync(""), ErrorCodes.ValidationFailed);
    }
}

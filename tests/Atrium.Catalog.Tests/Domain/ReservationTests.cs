using Atrium.Catalog.Domain;

namespace Atrium.Catalog.Tests.Domain;

public class ReservationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<Guid, Product> Products(params int[] stock) =>
        stock.Select((s, i) => Product.Create(Guid.NewGuid(), $"SKU-{i}", "P", "", new Money(100, "USD"), s)).ToDictionary(p => p.Id);

    [Fact]
    public void Hold_OneLineShort_HoldsNothing()
    {
        var products = Products(5, 1);
        var ids = products.Keys.ToArray();

        Should.Throw<CatalogDomainException>(() => Reservation.Hold("t", [new(ids[0], 3), new(ids[1], 2)], products, Now, TimeSpan.FromMinutes(1)))
            .Error.ShouldBe(CatalogErrors.InsufficientStock);

        products.Values.ShouldAllBe(p => p.Reserved == 0);
    }

    [Fact]
    public void Hold_SameProductOnTwoLines_CountsBoth()
    {
        var products = Products(3);
        var id = products.Keys.Single();

        Should.Throw<CatalogDomainException>(() => Reservation.Hold("t", [new(id, 2), new(id, 2)], products, Now, TimeSpan.FromMinutes(1)));
        products[id].Reserved.ShouldBe(0);
    }

    [Fact]
    public void Confirm_Held_CommitsEveryLine()
    {
        var products = Products(5, 5);
        var ids = products.Keys.ToArray();
        var reservation = Reservation.Hold("t", [new(ids[0], 2), new(ids[1], 1)], products, Now, TimeSpan.FromMinutes(1));

        reservation.Confirm(products);

        reservation.Status.ShouldBe(ReservationStatus.Confirmed);
        products[ids[0]].OnHand.ShouldBe(3);
        products[ids[1]].OnHand.ShouldBe(4);
        products.Values.ShouldAllBe(p => p.Reserved == 0);
    }

    [Fact]
    public void Release_AfterConfirm_Throws()
    {
        var products = Products(5);
        var reservation = Reservation.Hold("t", [new(products.Keys.Single(), 2)], products, Now, TimeSpan.FromMinutes(1));
        reservation.Confirm(products);

        Should.Throw<CatalogDomainException>(() => reservation.Release(products)).Error.ShouldBe(CatalogErrors.ReservationNotHeld);
    }

    [Fact]
    public void Hold_UnknownProduct_Throws()
    {
        Should.Throw<CatalogDomainException>(() => Reservation.Hold("t", [new(Guid.NewGuid(), 1)], Products(1), Now, TimeSpan.FromMinutes(1)))
            .Error.ShouldBe(CatalogErrors.ProductNotFound);
    }
}

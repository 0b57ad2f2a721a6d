using Atrium.Catalog.Domain;

namespace Atrium.Catalog.Tests.Domain;

public class ProductTests
{
    private static Product NewProduct(int onHand = 10) => Product.Create(Guid.NewGuid(), "SKU-1", "Thing", "", new Money(1000, "USD"), onHand);

    [Fact]
    public void Reserve_WithinAvailable_HoldsStock()
    {
        var product = NewProduct();

        product.Reserve(4);

        product.Reserved.ShouldBe(4);
        product.Available.ShouldBe(6);
        product.OnHand.ShouldBe(10);
    }

    [Fact]
    public void Reserve_MoreThanAvailable_ThrowsAndHoldsNothing()
    {
        var product = NewProduct();
        product.Reserve(8);

        Should.Throw<CatalogDomainException>(() => product.Reserve(3)).Error.ShouldBe(CatalogErrors.InsufficientStock);
        product.Reserved.ShouldBe(8);
    }

    [Fact]
    public void Commit_Reserved_LeavesReservedAndOnHand()
    {
        var product = NewProduct();
        product.Reserve(4);

        product.Commit(4);

        product.OnHand.ShouldBe(6);
        product.Reserved.ShouldBe(0);
    }

    [Fact]
    public void Release_MoreThanReserved_Throws()
    {
        var product = NewProduct();
        product.Reserve(2);

        Should.Throw<CatalogDomainException>(() => product.Release(3)).Error.ShouldBe(CatalogErrors.InvalidStock);
    }

    [Fact]
    public void SetOnHand_BelowReserved_Throws()
    {
        var product = NewProduct();
        product.Reserve(5);

        Should.Throw<CatalogDomainException>(() => product.SetOnHand(4)).Error.ShouldBe(CatalogErrors.InvalidStock);
        product.SetOnHand(5);
        product.Available.ShouldBe(0);
    }

    [Fact]
    public void Create_NegativePriceOrStock_Throws()
    {
        Should.Throw<CatalogDomainException>(() => Product.Create(Guid.NewGuid(), "S", "N", "", new Money(-1, "USD"), 1)).Error.ShouldBe(CatalogErrors.InvalidPrice);
        Should.Throw<CatalogDomainException>(() => Product.Create(Guid.NewGuid(), "S", "N", "", new Money(1, "USD"), -1)).Error.ShouldBe(CatalogErrors.InvalidStock);
    }
}

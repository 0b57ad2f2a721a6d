namespace Atrium.Catalog.Domain;

/// <summary>
/// A product and its stock. Invariant (I1): 0 ≤ reserved ≤ on hand, so stock is never negative and never oversold;
/// every transition that would break it throws <see cref="CatalogDomainException"/>.
/// </summary>
internal sealed class Product
{
    // For the persistence layer.
    private Product()
    {
        Sku = "";
        Name = "";
        Description = "";
        Currency = "";
    }

    private Product(Guid id, string sku, string name, string description, Money price, int onHand)
    {
        Id = id;
        Sku = sku;
        Name = name;
        Description = description;
        PriceAmount = price.Amount;
        Currency = price.Currency;
        OnHand = onHand;
    }

    /// <summary>The product's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>Stock-keeping unit, unique.</summary>
    public string Sku { get; private set; }

    /// <summary>Display name.</summary>
    public string Name { get; private set; }

    /// <summary>Description.</summary>
    public string Description { get; private set; }

    /// <summary>Price in minor units.</summary>
    public long PriceAmount { get; private set; }

    /// <summary>Price currency.</summary>
    public string Currency { get; private set; }

    /// <summary>The price.</summary>
    public Money Price => new(PriceAmount, Currency);

    /// <summary>Units in the warehouse, reserved ones included.</summary>
    public int OnHand { get; private set; }

    /// <summary>Units held by reservations that are neither confirmed nor released.</summary>
    public int Reserved { get; private set; }

    /// <summary>Bumped by every stock change, so that two concurrent changes cannot both win (optimistic concurrency).</summary>
    public int Version { get; private set; }

    /// <summary>Units that can still be reserved.</summary>
    public int Available => OnHand - Reserved;

    /// <summary>Creates a product.</summary>
    public static Product Create(Guid id, string sku, string name, string description, Money price, int onHand)
    {
        if (price.Amount < 0)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidPrice, "A price cannot be negative.");
        }

        if (onHand < 0)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidStock, "Stock cannot be negative.");
        }

        return new Product(id, sku, name, description, price, onHand);
    }

    /// <summary>Sets the units on hand (a stock count); refused below what is reserved.</summary>
    public void SetOnHand(int onHand)
    {
        if (onHand < Reserved)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidStock, $"On hand cannot go below the {Reserved} units reserved.");
        }

        OnHand = onHand;
        Version++;
    }

    /// <summary>Holds <paramref name="quantity"/> units for a reservation.</summary>
    public void Reserve(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity > Available)
        {
            throw new CatalogDomainException(CatalogErrors.InsufficientStock, $"Only {Available} of '{Sku}' available.");
        }

        Reserved += quantity;
        Version++;
    }

    /// <summary>Gives back units a reservation held (cancelled or expired).</summary>
    public void Release(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity > Reserved)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidStock, "Cannot release more than is reserved.");
        }

        Reserved -= quantity;
        Version++;
    }

    /// <summary>Ships units a reservation held: they leave both reserved and on hand.</summary>
    public void Commit(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity > Reserved)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidStock, "Cannot commit more than is reserved.");
        }

        Reserved -= quantity;
        OnHand -= quantity;
        Version++;
    }
}
